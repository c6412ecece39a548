package io.skaler.model;

/** A namespaced Kubernetes object name; {@code namespace} is {@code ""} for cluster-scoped objects (NodePool). */
public record ObjectRef(String namespace, String name) implements Comparable<ObjectRef> {
    public ObjectRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("object name must not be blank");
        }
        namespace = namespace == null ? "" : namespace;
    }

    public static ObjectRef cluster(String name) {
        return new ObjectRef("", name);
    }

    @Override
    public int compareTo(ObjectRef o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
