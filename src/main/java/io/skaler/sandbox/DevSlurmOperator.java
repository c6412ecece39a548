package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.skaler.kube.KubeMapping;
import io.skaler.kube.KubeNames;
import io.skaler.model.OperatorDeletionOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plays kubelet and slurm-operator for one NodeSet against the real Slurm: a new ordinal gets a Ready pod named and
 * labelled as slurm-operator names it ({@link NodeSetPodNaming}: pod {@code slurm-worker-gpu-h100-3}, hostname and
 * pod-hostname label {@code gpu-h100-3}, the Slurm node skaler must map it to) and that node's slurmd is started;
 * when replicas drop, the pods first in the operator's own victim order go ({@link OperatorDeletionOrder}), each
 * drained in Slurm first, waited on until idle and drained, then its slurmd stopped and the pod deleted. The
 * closed-loop test and the sandbox's {@code --slurm-url} run both play the operator with it. Not thread-safe: one
 * caller reconciles.
 */
public final class DevSlurmOperator {
    private static final Pattern STATE = Pattern.compile("\\bState=(\\S+)");
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(120);
    private static final String POD_NAME_LABEL = "nodeset.slinky.slurm.net/pod-name";
    private static final String POD_INDEX_LABEL = "nodeset.slinky.slurm.net/pod-index";
    private static final String SCALING_MODE_LABEL = "nodeset.slinky.slurm.net/scaling-mode";

    /** A pod the operator removed (and its Slurm node), with what Slurm and the pod said when replicas dropped. */
    public record Removal(Instant at, String pod, String node, String slurmStateAtDecision, boolean idleAtDecision,
            String deletionCost) {
    }

    private final KubernetesClient kube;
    private final DevSlurmNodes slurm;
    private final String namespace;
    private final String nodeSet;
    private final List<String> added = new CopyOnWriteArrayList<>();
    private final List<Removal> removed = new CopyOnWriteArrayList<>();

    public DevSlurmOperator(KubernetesClient kube, DevSlurmNodes slurm, String namespace, String nodeSet) {
        this.kube = kube;
        this.slurm = slurm;
        this.namespace = namespace;
        this.nodeSet = nodeSet;
    }

    /** One reconcile pass: brings the pods (and slurmd) to the NodeSet's replicas. */
    public void reconcile(int replicas) throws InterruptedException {
        List<Pod> pods = pods();
        if (pods.size() < replicas) {
            NodeSetPodNaming naming = naming();
            Set<String> names = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
            int missing = replicas - pods.size();
            for (int ordinal = 0; missing > 0; ordinal++) {
                String name = naming.podName(ordinal);
                if (!names.contains(name)) {
                    String node = naming.slurmNode(ordinal);
                    kube.pods().inNamespace(namespace).resource(pod(name, node, ordinal)).create();
                    slurm.nodeUp(node);
                    added.add(node);
                    missing--;
                }
            }
        } else if (pods.size() > replicas) {
            // slurm-operator's own order (sort.go): not ready first, then lowest deletion-cost, then highest ordinal
            var ranks = pods.stream().map(KubeMapping::deletionRank).toList();
            for (var victim : OperatorDeletionOrder.victims(ranks, pods.size() - replicas)) {
                scaleIn(pods.stream().filter(p -> p.getMetadata().getName().equals(victim.name())).findFirst()
                        .orElseThrow());
            }
        }
    }

    public String nodeSet() {
        return nodeSet;
    }

    /** How the NodeSet in the API server names its pods and Slurm nodes. */
    public NodeSetPodNaming naming() {
        var object = kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(namespace).withName(nodeSet)
                .get();
        if (object == null) {
            throw new IllegalStateException("NodeSet " + namespace + "/" + nodeSet + " does not exist");
        }
        return NodeSetPodNaming.of(object);
    }

    /** The Slurm node of a pod: its pod-hostname label, as the operator sets it. */
    public static String slurmNode(Pod p) {
        var labels = p.getMetadata().getLabels();
        String node = labels == null ? null : labels.get(KubeNames.POD_HOSTNAME);
        if (node == null || node.isBlank()) {
            throw new IllegalStateException("pod " + p.getMetadata().getName() + " has no label "
                    + KubeNames.POD_HOSTNAME);
        }
        return node;
    }

    /** Every Slurm node started, in order. */
    public List<String> added() {
        return List.copyOf(added);
    }

    /** Every pod removed, in order. */
    public List<Removal> removed() {
        return List.copyOf(removed);
    }

    public List<Pod> pods() {
        return kube.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith(nodeSet + "-"))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    public String slurmState(String node) {
        // --future: a node returned to FUTURE is hidden from a plain "show node", which then fails
        Matcher m = STATE.matcher(slurm.scontrol("--future", "show", "node", node));
        return m.find() ? m.group(1) : "UNKNOWN";
    }

    private void scaleIn(Pod p) throws InterruptedException {
        String pod = p.getMetadata().getName();
        String name = slurmNode(p);
        String state = slurmState(name);
        boolean idle = state.startsWith("IDLE") && !state.contains("COMPLETING");
        var ann = p.getMetadata().getAnnotations();
        String cost = ann == null ? "" : ann.getOrDefault(KubeNames.POD_DELETION_COST, "");
        removed.add(new Removal(Instant.now(), pod, name, state, idle, cost));
        retried(() -> slurm.scontrol("update", "nodename=" + name, "state=DRAIN", "reason=slinky scale-in"));
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        String now = slurmState(name);
        while (!(now.startsWith("IDLE") && now.contains("DRAIN") && !now.contains("COMPLETING"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + name + " not idle and drained within " + DRAIN_WAIT
                        + " (State=" + now + ")");
            }
            Thread.sleep(500);
            now = slurmState(name);
        }
        retried(() -> slurm.nodeDown(name));
        kube.pods().inNamespace(namespace).withName(pod).delete();
    }

    /**
     * Like the operator's reconcile, a Slurm call that fails is tried again: on a loaded machine scontrol now and
     * then cannot reach slurmctld for a moment. Both calls are idempotent.
     */
    private static void retried(Runnable call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (DevSlurmScripts.DevSlurmException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(2_000);
            }
        }
    }

    /** As the operator's initIdentity labels a StatefulSet-mode pod. */
    private Pod pod(String name, String node, int ordinal) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(KubeNames.POD_HOSTNAME, node)
                .addToLabels(POD_NAME_LABEL, name)
                .addToLabels(POD_INDEX_LABEL, Integer.toString(ordinal))
                .addToLabels(SCALING_MODE_LABEL, "StatefulSet")
                .addToLabels(Map.of("app.kubernetes.io/name", "slurmd"))
                .addNewOwnerReference().withApiVersion("slinky.slurm.net/v1beta1").withKind("NodeSet")
                .withName(nodeSet).withUid("uid-" + nodeSet).withController(true).endOwnerReference()
                .withCreationTimestamp(Instant.now().toString())
                .endMetadata()
                .withNewSpec().withHostname(node).withNodeName("k8s-" + name)
                .addNewContainer().withName("slurmd").withImage("slurmd").endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }
}
