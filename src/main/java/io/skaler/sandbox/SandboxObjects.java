package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
     * The slurm-operator's Controller and RestApi, reporting that it reaches Slurm: without them skaler (rightly)
     * refuses to scale in, since an operator without a Slurm client deletes pods undrained.
     */
    static void createHealthyOperator(KubernetesClient kube, String namespace) {
        var controller = operatorObject("Controller", Map.of("clusterName", "sandbox"),
                condition("SlurmReachable"), namespace);
        var restApi = operatorObject("RestApi", Map.of("controllerRef", Map.of("name", "slurm")),
                condition("Available"), namespace);
        for (var pair : List.of(Map.entry(SandboxCrds.CONTROLLER, controller), Map.entry(SandboxCrds.REST_API, restApi))) {
            var ops = kube.genericKubernetesResources(pair.getKey()).inNamespace(namespace);
            ops.resource(pair.getValue()).create();
            ops.resource(pair.getValue()).updateStatus(); // status is a subresource: create ignores it
        }
    }

    private static Map<String, Object> condition(String type) {
        return Map.of("type", type, "status", "True", "reason", "Sandbox", "message", "simulated operator",
                "lastTransitionTime", "2026-01-01T00:00:00Z");
    }

    private static GenericKubernetesResource operatorObject(String kind, Map<String, Object> spec,
            Map<String, Object> condition, String namespace) {
        return new GenericKubernetesResourceBuilder().withApiVersion("slinky.slurm.net/v1beta1").withKind(kind)
                .withNewMetadata().withName("slurm").withNamespace(namespace).endMetadata()
                .withAdditionalProperties(new HashMap<>(Map.of("spec", spec,
                        "status", Map.of("conditions", List.of(condition))))).build();
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
                "spec", Map.of("hostname", ns.name() + "-",
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
