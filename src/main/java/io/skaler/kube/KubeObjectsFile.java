package io.skaler.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Offline input for {@code skaler plan --kube FILE}: multi-document YAML (or {@code kind: List}) of NodeSet, NodePool,
 * NodeClaim and Pod objects, turned into the same {@link KubeSnapshot} the live view would hand out. Pure: no client,
 * no cluster. Errors name the document and the field.
 */
public final class KubeObjectsFile {
    private static final Set<String> IGNORED_KINDS = Set.of("Controller", "RestApi", "Node", "ConfigMap");

    private KubeObjectsFile() {
    }

    public static KubeSnapshot read(Path file, Instant observedAt) {
        try {
            return parse(Files.readString(file), observedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static KubeSnapshot parse(String yaml, Instant observedAt) {
        var serialization = new KubernetesSerialization();
        List<GenericKubernetesResource> nodeSets = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<NodePoolState> pools = new ArrayList<>();
        List<NodeClaimState> claims = new ArrayList<>();
        int index = 0;
        for (JsonNode doc : documents(yaml)) {
            index++;
            for (JsonNode obj : doc.path("kind").asText().equals("List") ? iterable(doc.path("items")) : List.of(doc)) {
                String where = "document " + index;
                String kind = obj.path("kind").asText("");
                String apiVersion = obj.path("apiVersion").asText("");
                if (kind.isEmpty() || apiVersion.isEmpty()) {
                    throw new IllegalArgumentException(where + ": apiVersion and kind are required");
                }
                if (obj.path("metadata").path("name").asText("").isEmpty()) {
                    throw new IllegalArgumentException(where + " (" + kind + "): metadata.name is required");
                }
                where = where + " (" + kind + " " + obj.path("metadata").path("name").asText() + ")";
                try {
                    switch (kind) {
                        case "NodeSet" -> {
                            requireGroup(apiVersion, KubeNames.SLINKY_GROUP);
                            nodeSets.add(serialization.convertValue(obj, GenericKubernetesResource.class));
                        }
                        case "Pod" -> pods.add(serialization.convertValue(obj, Pod.class));
                        case "NodePool" -> {
                            requireGroup(apiVersion, KubeNames.KARPENTER_GROUP);
                            pools.add(KubeMapping.nodePool(
                                    serialization.convertValue(obj, GenericKubernetesResource.class)));
                        }
                        case "NodeClaim" -> {
                            requireGroup(apiVersion, KubeNames.KARPENTER_GROUP);
                            claims.add(KubeMapping.nodeClaim(
                                    serialization.convertValue(obj, GenericKubernetesResource.class), observedAt));
                        }
                        default -> {
                            if (!IGNORED_KINDS.contains(kind)) {
                                throw new IllegalArgumentException("kind " + kind + " is not one skaler reads"
                                        + " (NodeSet, NodePool, NodeClaim, Pod)");
                            }
                        }
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
            }
        }
        return new KubeSnapshot(
                nodeSetStates(nodeSets, pods, observedAt),
                pools.stream().sorted(Comparator.comparing(NodePoolState::name)).toList(),
                claims.stream().sorted(Comparator.comparing(NodeClaimState::name)).toList(),
                observedAt);
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

    private static String namespace(String ns) {
        return ns == null ? "" : ns;
    }

    private static void requireGroup(String apiVersion, String group) {
        if (!apiVersion.startsWith(group + "/")) {
            throw new IllegalArgumentException("apiVersion " + apiVersion + " is not in group " + group);
        }
    }

    private static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isObject() && n.isEmpty())) {
                    if (!n.isObject()) {
                        throw new IllegalArgumentException("document " + (docs.size() + 1) + ": not a mapping");
                    }
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
