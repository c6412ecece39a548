package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Kubernetes objects the simulated kubelet writes: slurmd pods in their phases, and NodeSet status. */
final class PodObjects {
    private PodObjects() {
    }

    /** Creates the pod and returns its uid. */
    static String create(KubernetesClient kube, String namespace, SandboxNodeSet ns, String name, int ordinal,
            Instant at) {
        var pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToAnnotations(SandboxAutoscaler.CREATED_AT, at.toString())
                .addToLabels("app.kubernetes.io/name", "slurmd")
                .addToLabels(SimulatedKubelet.LABEL_NODESET, ns.name())
                .addToLabels(SimulatedKubelet.LABEL_HOSTNAME, name)
                .addToLabels(SimulatedKubelet.LABEL_INDEX, Integer.toString(ordinal))
                .addNewOwnerReference().withApiVersion("slinky.slurm.net/v1beta1").withKind("NodeSet")
                .withName(ns.name()).withUid(ns.name() + "-uid").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withHostname(name).addToNodeSelector("karpenter.sh/nodepool", ns.nodePool())
                .addNewContainer().withName("slurmd").withImage("ghcr.io/slinkyproject/slurmd:24.11").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Pending").withConditions(condition("PodScheduled", "False",
                        "Unschedulable", Instant.EPOCH)).endStatus()
                .build();
        return kube.pods().inNamespace(namespace).resource(pod).create().getMetadata().getUid();
    }

    static void scheduled(KubernetesClient kube, String namespace, String name, String node) {
        kube.pods().inNamespace(namespace).withName(name).edit(p -> new PodBuilder(p).editSpec().withNodeName(node)
                .endSpec().editStatus().withConditions(condition("PodScheduled", "True", "", Instant.EPOCH))
                .endStatus().build());
    }

    static void ready(KubernetesClient kube, String namespace, String name, Instant at) {
        kube.pods().inNamespace(namespace).withName(name).edit(p -> new PodBuilder(p).editStatus()
                .withPhase("Running").withPodIP("10.0.0." + (Math.abs(name.hashCode()) % 250 + 1))
                .withConditions(condition("PodScheduled", "True", "", at), condition("Ready", "True", "", at))
                .endStatus().build());
    }

    static void nodeSetStatus(KubernetesClient kube, String namespace, String nodeSet, int replicas, int ready) {
        var res = kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(namespace).withName(nodeSet);
        var current = res.get();
        if (current == null) {
            return;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("replicas", replicas);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", ready);
        status.put("selector", "app.kubernetes.io/name=slurmd," + SimulatedKubelet.LABEL_NODESET + "=" + nodeSet);
        if (!status.equals(current.getAdditionalProperties().get("status"))) {
            current.getAdditionalProperties().put("status", status);
            res.updateStatus(current);
        }
    }

    private static PodCondition condition(String type, String status, String reason, Instant at) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason.isEmpty() ? null : reason)
                .withLastTransitionTime(at.toString()).build();
    }

    static List<String> names(KubernetesClient kube, String namespace) {
        return kube.pods().inNamespace(namespace).list().getItems().stream().map(p -> p.getMetadata().getName())
                .toList();
    }
}
