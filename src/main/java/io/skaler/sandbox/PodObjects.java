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

    /** @param counts pods, ready pods, and their Slurm nodes idle, allocated (or mixed) and drained */
    static void nodeSetStatus(KubernetesClient kube, String namespace, String nodeSet, List<Integer> counts) {
        var res = kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(namespace).withName(nodeSet);
        var current = res.get();
        if (current == null) {
            return;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("replicas", counts.get(0));
        status.put("readyReplicas", counts.get(1));
        status.put("availableReplicas", counts.get(1));
        status.put("slurmIdle", counts.get(2));
        status.put("slurmAllocated", counts.get(3));
        status.put("slurmDrain", counts.get(4));
        // the pod template never changes in the sandbox: one revision
        status.put("nodeSetHash", Integer.toHexString(nodeSet.hashCode()));
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
