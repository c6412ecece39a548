package io.skaler.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes objects in a file as users have them: multi-document YAML, {@code helm template} output (comments,
 * {@code # Source:} lines, empty documents), a {@code kubectl get ... -o yaml} dump ({@code kind: List} or
 * {@code kind: FooList} with {@code items}), or JSON. Pure; every object keeps where it came from for error lines.
 */
public final class KubeDocuments {
    private KubeDocuments() {
    }

    /**
     * One object of the file.
     *
     * @param where   {@code document 3} or {@code document 1 item 4}, followed by the kind and name when known
     */
    public record KubeObject(String where, String kind, String apiVersion, String namespace, String name,
            JsonNode body) {
        public String group() {
            int slash = apiVersion.indexOf('/');
            return slash < 0 ? "" : apiVersion.substring(0, slash);
        }

        public String version() {
            return apiVersion.substring(apiVersion.indexOf('/') + 1);
        }

        /** {@code namespace/name}, or the name of a cluster-scoped object. */
        public String qualifiedName() {
            return namespace.isEmpty() ? name : namespace + "/" + name;
        }
    }

    /** Every object in {@code text}; a document that is not a Kubernetes object is an error naming it. */
    public static List<KubeObject> parse(String text) {
        List<KubeObject> out = new ArrayList<>();
        int index = 0;
        for (JsonNode doc : documents(text)) {
            index++;
            String kind = doc.path("kind").asText("");
            if (doc.has("items") && (kind.equals("List") || kind.endsWith("List"))) {
                if (!doc.path("items").isArray()) {
                    throw new IllegalArgumentException("document " + index + " (" + kind + "): items must be a list");
                }
                int item = 0;
                for (JsonNode obj : doc.path("items")) {
                    item++;
                    out.add(object("document " + index + " item " + item, obj, listItemKind(kind), doc));
                }
            } else {
                out.add(object("document " + index, doc, "", doc));
            }
        }
        return out;
    }

    /** {@code kubectl get nodesets -o json} of one type may list items without kind: {@code NodeSetList} says it. */
    private static String listItemKind(String listKind) {
        return listKind.equals("List") ? "" : listKind.substring(0, listKind.length() - "List".length());
    }

    private static KubeObject object(String where, JsonNode obj, String impliedKind, JsonNode list) {
        if (!obj.isObject()) {
            throw new IllegalArgumentException(where + ": not a mapping");
        }
        String kind = obj.path("kind").asText(impliedKind);
        String apiVersion = obj.path("apiVersion").asText(impliedKind.isEmpty() ? "" : list.path("apiVersion")
                .asText(""));
        if (kind.isEmpty()) {
            throw new IllegalArgumentException(where + ": kind: missing (every object needs apiVersion and kind)");
        }
        if (apiVersion.isEmpty()) {
            throw new IllegalArgumentException(where + " (" + kind + "): apiVersion: missing"
                    + " (every object needs apiVersion and kind)");
        }
        JsonNode meta = obj.path("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(where + " (" + kind + "): metadata.name: missing");
        }
        String namespace = meta.path("namespace").asText("");
        String qualified = namespace.isEmpty() ? name : namespace + "/" + name;
        return new KubeObject(where + " (" + kind + " " + qualified + ")", kind, apiVersion, namespace, name, obj);
    }

    private static List<JsonNode> documents(String text) {
        List<JsonNode> docs = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                index++;
                // helm template leaves documents that are only comments (a template rendering nothing): skip them
                if (n == null || n.isNull() || n.isMissingNode() || (n.isObject() && n.isEmpty())
                        || (n.isTextual() && n.asText().isBlank())) {
                    continue;
                }
                if (!n.isObject()) {
                    throw new IllegalArgumentException("document " + index + ": not a mapping but " + n.getNodeType()
                            .name().toLowerCase(java.util.Locale.ROOT));
                }
                docs.add(n);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("document ")) {
                throw iae;
            }
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }
}
