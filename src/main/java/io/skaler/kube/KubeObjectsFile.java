package io.skaler.kube;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodeSetState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Kubernetes objects turned into skaler's model, without a cluster. Offline, it reads the input of
 * {@code skaler plan --kube FILE} and {@code skaler check}: the objects of a file as users have them (see
 * {@link KubeDocuments}), the NodeSets, NodePools, NodeClaims and Pods among them turned into a {@link KubeSnapshot};
 * other kinds (Secret, Service, ConfigMap, Deployment, the Controller ...) are skipped and counted. Live, the
 * {@link KubeView} builds its snapshot's NodeSets with the same {@code nodeSetStates}, so a file and a cluster holding
 * the same objects give the same snapshot. Pure: no client. Errors name the document and the field.
 */
public final class KubeObjectsFile {
    /** The kinds the plan reads. */
    public static final Set<String> READ_KINDS = Set.of("NodeSet", "NodePool", "NodeClaim", "Pod");

    private KubeObjectsFile() {
    }

    /**
     * The snapshot and what the file held.
     *
     * @param read    objects read, by kind
     * @param skipped objects of kinds the plan does not read, by kind
     */
    public record Parsed(KubeSnapshot snapshot, Map<String, Integer> read, Map<String, Integer> skipped) {
        public Parsed {
            read = Collections.unmodifiableMap(new TreeMap<>(read));
            skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        }

        public int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public static KubeSnapshot read(Path file, Instant observedAt) {
        try {
            return parse(Files.readString(file), observedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static KubeSnapshot parse(String yaml, Instant observedAt) {
        return parseCounted(yaml, observedAt).snapshot();
    }

    public static Parsed parseCounted(String yaml, Instant observedAt) {
        return fromObjects(KubeDocuments.parse(yaml), observedAt);
    }

    /** The snapshot of already split objects (the sandbox and check read the same file for more kinds). */
    public static Parsed fromObjects(List<KubeDocuments.KubeObject> objects, Instant observedAt) {
        var serialization = new KubernetesSerialization();
        List<GenericKubernetesResource> nodeSets = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<NodePoolState> pools = new ArrayList<>();
        List<NodeClaimState> claims = new ArrayList<>();
        Map<String, Integer> read = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (KubeDocuments.KubeObject obj : objects) {
            String kind = obj.kind();
            if (!READ_KINDS.contains(kind)) {
                skipped.merge(kind, 1, Integer::sum);
                continue;
            }
            read.merge(kind, 1, Integer::sum);
            try {
                switch (kind) {
                    case "NodeSet" -> {
                        requireGroup(obj.apiVersion(), KubeNames.SLINKY_GROUP);
                        var ns = serialization.convertValue(obj.body(), GenericKubernetesResource.class);
                        KubeMapping.nodeSet(ns, List.of(), observedAt); // its own fields, named with the document
                        nodeSets.add(ns);
                    }
                    case "Pod" -> pods.add(serialization.convertValue(obj.body(), Pod.class));
                    case "NodePool" -> {
                        requireGroup(obj.apiVersion(), KubeNames.KARPENTER_GROUP);
                        pools.add(KubeMapping.nodePool(
                                serialization.convertValue(obj.body(), GenericKubernetesResource.class)));
                    }
                    default -> {
                        requireGroup(obj.apiVersion(), KubeNames.KARPENTER_GROUP);
                        claims.add(KubeMapping.nodeClaim(
                                serialization.convertValue(obj.body(), GenericKubernetesResource.class), observedAt));
                    }
                }
            } catch (RuntimeException e) {
                // the mapping names the object itself; the document's name already does
                String problem = problem(e).replaceFirst("^\\Q" + kind + " " + obj.qualifiedName() + ": \\E", "");
                throw new IllegalArgumentException(obj.where() + ": " + problem, e);
            }
        }
        KubeSnapshot snapshot = new KubeSnapshot(
                nodeSetStates(nodeSets, pods, observedAt),
                pools.stream().sorted(Comparator.comparing(NodePoolState::name)).toList(),
                claims.stream().sorted(Comparator.comparing(NodeClaimState::name)).toList(),
                observedAt);
        return new Parsed(snapshot, read, skipped);
    }

    /** Groups pods under their NodeSets (same namespace) and maps both; a bad field is an error naming it. */
    static List<NodeSetState> nodeSetStates(List<GenericKubernetesResource> nodeSets, List<Pod> pods, Instant now) {
        return nodeSetStates(nodeSets, pods, now, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * The same, one pass over the pods; a NodeSet with a bad field is left out and reported to {@code problems}
     * (the live view keeps the others rather than failing the whole snapshot).
     */
    static List<NodeSetState> nodeSetStates(List<GenericKubernetesResource> nodeSets, List<Pod> pods, Instant now,
            Consumer<String> problems) {
        Map<String, Set<String>> namesByNamespace = new HashMap<>();
        for (var ns : nodeSets) {
            namesByNamespace.computeIfAbsent(namespace(ns.getMetadata().getNamespace()), k -> new HashSet<>())
                    .add(ns.getMetadata().getName());
        }
        Map<String, List<Pod>> podsByNodeSet = new HashMap<>();
        for (Pod p : pods) {
            String podNs = namespace(p.getMetadata().getNamespace());
            KubeMapping.owningNodeSet(p, namesByNamespace.getOrDefault(podNs, Set.of()))
                    .ifPresent(owner -> podsByNodeSet.computeIfAbsent(podNs + "/" + owner, k -> new ArrayList<>())
                            .add(p));
        }
        List<NodeSetState> out = new ArrayList<>();
        for (var ns : nodeSets) {
            String key = namespace(ns.getMetadata().getNamespace()) + "/" + ns.getMetadata().getName();
            try {
                out.add(KubeMapping.nodeSet(ns, podsByNodeSet.getOrDefault(key, List.of()), now));
            } catch (IllegalArgumentException e) {
                problems.accept(e.getMessage());
            }
        }
        out.sort(Comparator.comparing(NodeSetState::ref));
        return out;
    }

    /** A field of the wrong type (a string where a list belongs) named by its path, else the message as it is. */
    static String problem(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException m && !m.getPath().isEmpty()) {
                var path = new StringBuilder();
                for (var ref : m.getPath()) {
                    if (ref.getFieldName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                    } else if (ref.getIndex() >= 0) {
                        path.append('[').append(ref.getIndex()).append(']');
                    }
                }
                String reason = m.getOriginalMessage().lines().findFirst().orElse("wrong type");
                return path + ": " + reason.replaceAll(" \\(class [^)]*\\)", "");
            }
        }
        return String.valueOf(e.getMessage());
    }

    private static String namespace(String ns) {
        return ns == null ? "" : ns;
    }

    private static void requireGroup(String apiVersion, String group) {
        if (!apiVersion.startsWith(group + "/")) {
            throw new IllegalArgumentException("apiVersion " + apiVersion + " is not in group " + group);
        }
    }
}
