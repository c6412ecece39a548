package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the scenario's NodeSets and NodePools into the API server, shaped as Slinky and Karpenter write them. */
public final class SandboxObjects {
    private SandboxObjects() {
    }

    public static void create(KubernetesClient kube, String namespace, List<SandboxNodeSet> nodeSets,
            List<SandboxNodePool> pools) {
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        for (var p : pools) {
            kube.genericKubernetesResources(SandboxCrds.NODE_POOL).resource(nodePool(p)).create();
        }
        for (var ns : nodeSets) {
            kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(namespace)
                    .resource(nodeSet(namespace, ns)).create();
        }
        createHealthyOperator(kube, namespace);
    }

    /**
     * The user's own objects ({@code sandbox --cluster}), created as they are: what the server would have set
     * (uid, resourceVersion, managedFields, ...) is dropped, and status, a subresource, is written after the object.
     * No Controller or RestApi is added: without the user's, the operator has no Slurm client, as upstream.
     */
    public static void createAsGiven(KubernetesClient kube, String namespace, List<JsonNode> objects) {
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        var serialization = new KubernetesSerialization();
        for (JsonNode o : objects) {
            var copy = (ObjectNode) o.deepCopy();
            var meta = (ObjectNode) copy.path("metadata");
            meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation",
                    "selfLink", "ownerReferences"));
            var resource = serialization.convertValue(copy, GenericKubernetesResource.class);
            var ops = kube.genericKubernetesResources(resource.getApiVersion(), resource.getKind());
            var created = meta.path("namespace").asText("").isEmpty() ? ops.resource(resource).create()
                    : ops.inNamespace(meta.path("namespace").asText()).resource(resource).create();
            if (copy.has("status")) {
                created.setAdditionalProperty("status", resource.getAdditionalProperties().get("status"));
                (meta.path("namespace").asText("").isEmpty() ? ops.resource(created)
                        : ops.inNamespace(created.getMetadata().getNamespace()).resource(created)).updateStatus();
            }
        }
    }

    /**
     * The slurm-operator's Controller and a RestApi bound to it, as its chart renders them. Like every release, the
     * simulated operator writes no condition on either: it holds a Slurm client because the RestApi names the
     * Controller (slurmclient_sync.go), and shows it through the NodeSet status it writes ({@link PodObjects}).
     */
    static void createHealthyOperator(KubernetesClient kube, String namespace) {
        var controller = operatorObject("Controller", Map.of("clusterName", "sandbox",
                "slurmKeyRef", Map.of("name", "slurm-auth-slurm", "key", "slurm.key"),
                "jwtHs256KeyRef", Map.of("name", "slurm-auth-jwths256", "key", "jwt_hs256.key")), "slurm", namespace);
        var restApi = operatorObject("RestApi", Map.of("controllerRef", Map.of("name", "slurm")), "slurm-restapi",
                namespace);
        kube.genericKubernetesResources(SandboxCrds.CONTROLLER).inNamespace(namespace).resource(controller).create();
        kube.genericKubernetesResources(SandboxCrds.REST_API).inNamespace(namespace).resource(restApi).create();
    }

    private static GenericKubernetesResource operatorObject(String kind, Map<String, Object> spec, String name,
            String namespace) {
        return new GenericKubernetesResourceBuilder().withApiVersion("slinky.slurm.net/v1beta1").withKind(kind)
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withAdditionalProperties(new HashMap<>(Map.of("spec", spec))).build();
    }

    static GenericKubernetesResource nodeSet(String namespace, SandboxNodeSet ns) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("controllerRef", Map.of("name", "slurm"));
        spec.put("replicas", ns.replicas());
        spec.put("extraConf", "Features=" + String.join(",", ns.node().features())
                + (ns.node().gres().isEmpty() ? "" : " Gres=" + GresMath.nodeString(ns.node().gres())));
        spec.put("partition", Map.of("enabled", true));
        // do-not-disrupt on the pod, not the node: on the node it would keep empty nodes forever (statenode.go)
        spec.put("template", Map.of("metadata", Map.of("annotations", Map.of("karpenter.sh/do-not-disrupt", "true")),
                "spec", Map.of("hostname", ns.hostname(),
                "nodeSelector", Map.of("karpenter.sh/nodepool", ns.nodePool()))));
        return new GenericKubernetesResourceBuilder().withApiVersion("slinky.slurm.net/v1beta1").withKind("NodeSet")
                .withNewMetadata().withName(ns.name()).withNamespace(namespace).endMetadata()
                .withAdditionalProperties(new HashMap<>(Map.of("spec", spec))).build();
    }

    static GenericKubernetesResource nodePool(SandboxNodePool p) {
        var spec = new LinkedHashMap<String, Object>();
        var limits = new LinkedHashMap<String, Object>();
        p.limits().forEach((k, v) -> limits.put(k, v.stripTrailingZeros().toPlainString()));
        spec.put("limits", limits);
        p.staticReplicas().ifPresent(r -> spec.put("replicas", r));
        spec.put("disruption", Map.of("consolidationPolicy", "WhenEmpty", "consolidateAfter", "30s"));
        spec.put("template", Map.of("spec", Map.of(
                "nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"),
                "requirements", List.of(Map.of("key", "node.kubernetes.io/instance-type", "operator", "In",
                        "values", List.of(p.instanceType()))))));
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodePool")
                .withNewMetadata().withName(p.name()).endMetadata()
                .withAdditionalProperties(new HashMap<>(Map.of("spec", spec))).build();
    }
}
