package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Builders for the cluster objects the tests need (own fixtures, written for skaler). */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private Fixtures() {
    }

    static GenericKubernetesResource cr(String apiVersion, String kind, String namespace, String name,
            Map<String, String> annotations, Map<String, Object> body) {
        var r = new GenericKubernetesResource();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations)).build());
        r.setAdditionalProperties(new LinkedHashMap<>(body));
        return r;
    }

    static GenericKubernetesResource nodeSet(String name, int replicas, Map<String, String> annotations) {
        return cr("slinky.slurm.net/v1beta1", "NodeSet", MockCluster.NS, name, annotations, Map.of(
                "spec", Map.of("controllerRef", Map.of("name", "slurm"), "replicas", replicas)));
    }

    /** A Controller as the Slinky chart renders it; no release writes a condition on it. */
    static GenericKubernetesResource controller() {
        return cr("slinky.slurm.net/v1beta1", "Controller", MockCluster.NS, "slurm", Map.of(), Map.of(
                "spec", Map.of("clusterName", "slurm",
                        "slurmKeyRef", Map.of("name", "slurm-auth-slurm", "key", "slurm.key"),
                        "jwtHs256KeyRef", Map.of("name", "slurm-auth-jwths256", "key", "jwt_hs256.key"))));
    }

    /** A RestApi bound to the Controller {@code slurm}: while it exists the operator holds a Slurm client. */
    static GenericKubernetesResource restApi() {
        return restApi("slurm-restapi", MockCluster.NS, "slurm");
    }

    static GenericKubernetesResource restApi(String name, String namespace, String controller) {
        return cr("slinky.slurm.net/v1beta1", "RestApi", namespace, name, Map.of(), Map.of(
                "spec", Map.of("controllerRef", Map.of("name", controller))));
    }

    static Map<String, Object> condition(String type, boolean status, String reason) {
        return Map.of("type", type, "status", status ? "True" : "False", "reason", reason,
                "lastTransitionTime", "2026-11-25T11:00:00Z", "message", type);
    }

    static GenericKubernetesResource nodePool(String name, Map<String, Object> limits, Map<String, Object> usage,
            Long replicas, String consolidationPolicy, Map<String, String> annotations) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", Map.of("spec", Map.of("nodeClassRef",
                Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"))));
        spec.put("disruption", Map.of("consolidationPolicy", consolidationPolicy, "consolidateAfter", "5m"));
        if (!limits.isEmpty()) {
            spec.put("limits", limits);
        }
        if (replicas != null) {
            spec.put("replicas", replicas);
        }
        return cr("karpenter.sh/v1", "NodePool", null, name, annotations, Map.of(
                "spec", spec, "status", Map.of("resources", usage, "nodes", 2)));
    }

    static Pod pod(String name, String nodeSet, String hostname, boolean ready, boolean busy, String nodeName) {
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build());
        conditions.add(new PodConditionBuilder().withType(KubeNames.SLURM_STATE_CONDITION_PREFIX
                + (busy ? "Allocated" : "Idle")).withStatus("True").build());
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(MockCluster.NS)
                .addToLabels(KubeNames.POD_HOSTNAME, hostname)
                .addNewOwnerReference().withApiVersion("slinky.slurm.net/v1beta1").withKind("NodeSet")
                .withName(nodeSet).withUid("uid-" + nodeSet).withController(true).endOwnerReference()
                .withCreationTimestamp("2026-11-25T11:00:00Z")
                .endMetadata()
                .withNewSpec().withHostname(hostname).withNodeName(nodeName)
                .addNewContainer().withName("slurmd").withImage("slurmd").endContainer().endSpec()
                .withNewStatus().withConditions(conditions).endStatus()
                .build();
    }

    static Node node(String name, String pool) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels(KubeNames.NODEPOOL_LABEL, pool)
                .endMetadata().build();
    }

    /** Creates a custom resource and, since status is a subresource, writes its status separately. */
    static GenericKubernetesResource create(KubernetesClient c, ResourceDefinitionContext ctx,
            GenericKubernetesResource r) {
        var ops = ctx.isNamespaceScoped()
                ? c.genericKubernetesResources(ctx).inNamespace(r.getMetadata().getNamespace())
                : c.genericKubernetesResources(ctx);
        Object status = r.getAdditionalProperties().get("status");
        var created = ops.resource(r).create();
        if (status != null) {
            created.getAdditionalProperties().put("status", status);
            created = ops.resource(created).updateStatus();
        }
        return created;
    }

    static NodeSetTarget target(String nodeSet, int current, int desired, List<String> podsToRemove) {
        NodeSetTarget.Action action = desired > current ? NodeSetTarget.Action.SCALE_UP
                : desired < current ? NodeSetTarget.Action.SCALE_DOWN : NodeSetTarget.Action.NONE;
        return new NodeSetTarget(new ObjectRef(MockCluster.NS, nodeSet), "gpu", current, desired, action,
                podsToRemove, List.of("test: " + action + " " + current + "->" + desired));
    }

    static NodePoolTarget limits(String pool, Map<String, BigDecimal> limits) {
        return new NodePoolTarget(pool, NodePoolTarget.Mode.LIMITS, limits, OptionalLong.empty(),
                List.of("test: limits " + limits));
    }

    static NodePoolTarget staticReplicas(String pool, long replicas) {
        return new NodePoolTarget(pool, NodePoolTarget.Mode.STATIC, Map.of(), OptionalLong.of(replicas),
                List.of("test: static " + replicas));
    }

    static Plan plan(List<NodeSetTarget> targets, List<NodePoolTarget> pools) {
        return new Plan(T0, targets, pools, List.of(), List.of(), false, List.of());
    }
}
