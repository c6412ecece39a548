package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skaler.model.OperatorDeletionOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kubelet and slurm-operator's NodeSet controller on the virtual clock. For each NodeSet it keeps
 * {@code spec.replicas} slurmd pods named {@code <nodeset>-<ordinal>}: a new pod waits for a free node of its NodePool
 * (which {@link SimulatedKarpenter} launches), starts on it, becomes Ready and registers its Slurm node. On scale-in
 * it picks victims the way the operator does ({@link ScaleInOrder}), drains their Slurm nodes, re-checks every
 * {@code drainRecheck} and deletes a pod only once its node is drained, so a running job is never cut short.
 */
public final class SimulatedKubelet {
    static final String DRAIN_PREFIX = "slurm-operator:";
    static final String LABEL_NODESET = "app.kubernetes.io/instance";
    static final String LABEL_HOSTNAME = "nodeset.slinky.slurm.net/pod-hostname";
    static final String LABEL_INDEX = "nodeset.slinky.slurm.net/pod-index";
    static final String DELETION_COST = "nodeset.slinky.slurm.net/pod-deletion-cost";

    private final KubernetesClient kube;
    private final VirtualClock clock;
    private final SimulatedSlurm slurm;
    private final SimulatedKarpenter karpenter;
    private final String namespace;
    private final Duration podStartDelay;
    private final Duration drainRecheck;
    private final Map<String, SandboxNodeSet> nodeSets = new LinkedHashMap<>();
    private final Map<String, SlurmdPod> pods = new LinkedHashMap<>();
    private final Map<String, Integer> lastReplicas = new HashMap<>();
    private final Map<String, List<Integer>> writtenStatus = new HashMap<>();
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    /** Pod deletions seen by the informer, as name and uid: the uid tells an old incarnation from a new one. */
    private final Queue<Map.Entry<String, String>> deletedOutside = new ConcurrentLinkedQueue<>();
    private final Map<String, String> uids = new HashMap<>();
    private SharedIndexInformer<Pod> podInformer;
    private SharedIndexInformer<GenericKubernetesResource> nodeSetInformer;

    public SimulatedKubelet(KubernetesClient kube, VirtualClock clock, SimulatedSlurm slurm,
            SimulatedKarpenter karpenter, String namespace, Duration podStartDelay, Duration drainRecheck) {
        this.kube = kube;
        this.clock = clock;
        this.slurm = slurm;
        this.karpenter = karpenter;
        this.namespace = namespace;
        this.podStartDelay = podStartDelay;
        this.drainRecheck = drainRecheck;
        slurm.nodeSets().forEach(ns -> nodeSets.put(ns.name(), ns));
    }

    /** Starts the informers this kubelet reads through (reads come from their caches, not the API server). */
    public SimulatedKubelet start() {
        podInformer = kube.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", "slurmd").inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                    }

                    @Override
                    public void onUpdate(Pod before, Pod after) {
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknownFinalState) {
                        deletedOutside.add(Map.entry(pod.getMetadata().getName(),
                                String.valueOf(pod.getMetadata().getUid())));
                    }
                });
        nodeSetInformer = kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(namespace).inform();
        return this;
    }

    public void stop() {
        if (podInformer != null) {
            podInformer.stop();
            nodeSetInformer.stop();
        }
    }

    public void addListener(ClusterListener l) {
        listeners.add(l);
    }

    /** One level-based pass: read NodeSets and pods from the API server, converge, let Karpenter act, place pods. */
    public synchronized void reconcile() {
        if (podInformer == null) {
            start();
        }
        Instant now = clock.now();
        var costs = new HashMap<String, Integer>();
        for (Pod p : podInformer.getStore().list()) {
            String cost = p.getMetadata().getAnnotations() == null ? null
                    : p.getMetadata().getAnnotations().get(DELETION_COST);
            costs.put(p.getMetadata().getName(), OperatorDeletionOrder.cost(cost));
        }
        // a pod deleted by someone else takes its slurmd with it, drained or not
        // (the event of a pod this kubelet deleted and has since created again names the old uid: not this pod)
        for (var gone = deletedOutside.poll(); gone != null; gone = deletedOutside.poll()) {
            var pod = pods.get(gone.getKey());
            if (pod != null && gone.getValue().equals(uids.get(gone.getKey()))) {
                forget(pod);
            }
        }
        var waiting = new HashMap<String, Integer>();
        var sets = new java.util.ArrayList<>(nodeSetInformer.getStore().list());
        sets.sort(java.util.Comparator.comparing(o -> o.getMetadata().getName()));
        for (var obj : sets) {
            var ns = nodeSets.get(obj.getMetadata().getName());
            if (ns == null) {
                continue; // not one the simulated Slurm has placeholders for
            }
            int desired = replicas(obj);
            Integer before = lastReplicas.put(ns.name(), desired);
            if (before != null && before != desired) {
                listeners.forEach(l -> l.nodeSetScaled(ns.name(), before, desired, now));
            }
            converge(ns, Math.min(desired, ns.maxNodes()), costs, now);
            long unplaced = mine(ns).stream().filter(p -> p.claim().isEmpty()).count();
            waiting.merge(ns.nodePool(), (int) unplaced, Integer::sum);
        }
        karpenter.reconcile(waiting);
        for (var ns : nodeSets.values()) {
            place(ns, now);
            writeStatus(ns);
        }
    }

    private void converge(SandboxNodeSet ns, int desired, Map<String, Integer> costs, Instant now) {
        var mine = mine(ns);
        if (mine.size() < desired) {
            var used = mine.stream().map(SlurmdPod::ordinal).collect(java.util.stream.Collectors.toSet());
            int missing = desired - mine.size();
            for (int ordinal = 0; ordinal < ns.maxNodes() && missing > 0; ordinal++) {
                if (!used.contains(ordinal)) {
                    create(ns, ordinal, now);
                    missing--;
                }
            }
        }
        var victims = ScaleInOrder.victims(mine, costs, Math.max(0, mine.size() - desired), this::slurmDraining);
        for (var pod : mine) {
            if (victims.contains(pod)) {
                condemn(pod, now);
            } else if (slurmDraining(pod)) {
                slurm.resume(pod.name()); // needed again: the operator lifts its own drain
            }
        }
    }

    private void condemn(SlurmdPod pod, Instant now) {
        if (!pod.ready()) {
            delete(pod); // no Slurm node yet: nothing to drain
            return;
        }
        if (!slurmDraining(pod)) {
            slurm.drain(pod.name(), DRAIN_PREFIX + " Pod (" + namespace + "/" + pod.name()
                    + ") is pending termination for scale-in", "slurm");
            pods.put(pod.name(), pod.withNextCheck(now.plus(drainRecheck)));
            return;
        }
        if (!pod.nextDrainCheck().isAfter(now)) {
            if (slurm.isDrained(pod.name())) {
                delete(pod);
            } else {
                pods.put(pod.name(), pod.withNextCheck(now.plus(drainRecheck)));
            }
        }
    }

    private boolean slurmDraining(SlurmdPod pod) {
        return pod.ready() && slurm.findNode(pod.name())
                .map(n -> n.drain() && n.reason().startsWith(DRAIN_PREFIX)).orElse(false);
    }

    private void place(SandboxNodeSet ns, Instant now) {
        for (var pod : mine(ns)) {
            if (!pod.claim().isEmpty()) {
                continue;
            }
            var node = karpenter.freeNode(ns.nodePool());
            if (node.isEmpty()) {
                return;
            }
            karpenter.bind(node.get(), pod.name());
            pods.put(pod.name(), pod.onNode(node.get()));
            PodObjects.scheduled(kube, namespace, pod.name(), node.get());
            String name = pod.name();
            clock.schedule(now.plus(podStartDelay), () -> start(name));
        }
    }

    private synchronized void start(String name) {
        var pod = pods.get(name);
        if (pod == null || pod.ready() || pod.claim().isEmpty()) {
            return;
        }
        pods.put(name, pod.started());
        PodObjects.ready(kube, namespace, name, clock.now());
        slurm.registerNode(name, "{\"namespace\":\"" + namespace + "\",\"podName\":\"" + name + "\",\"node\":\""
                + pod.claim() + "\",\"nodeSetName\":\"" + pod.nodeSet() + "\"}");
    }

    private void create(SandboxNodeSet ns, int ordinal, Instant now) {
        var pod = new SlurmdPod(ns.name() + "-" + ordinal, ns.name(), ordinal, "", false, now, Instant.MIN);
        pods.put(pod.name(), pod);
        uids.put(pod.name(), PodObjects.create(kube, namespace, ns, pod.name(), ordinal, now));
    }

    private void delete(SlurmdPod pod) {
        forget(pod); // first, so the informer's delete event finds nothing left to do
        kube.pods().inNamespace(namespace).withName(pod.name()).delete();
    }

    private void forget(SlurmdPod pod) {
        pods.remove(pod.name());
        uids.remove(pod.name());
        if (pod.ready()) {
            slurm.unregisterNode(pod.name()); // slurmd stops; the node goes back to FUTURE
        }
        if (!pod.claim().isEmpty()) {
            karpenter.unbind(pod.claim());
        }
    }

    private List<SlurmdPod> mine(SandboxNodeSet ns) {
        return pods.values().stream().filter(p -> p.nodeSet().equals(ns.name())).toList();
    }

    /**
     * The NodeSet status as the operator writes it (nodeset_sync_status.go): pod counts, and, since this operator
     * holds a Slurm client, the Slurm state of its pods' nodes (idle, allocated or mixed, drain).
     */
    private void writeStatus(SandboxNodeSet ns) {
        var mine = mine(ns);
        int ready = (int) mine.stream().filter(SlurmdPod::ready).count();
        int idle = 0;
        int allocated = 0;
        int drain = 0;
        for (var pod : mine) {
            var node = pod.ready() ? slurm.findNode(pod.name()) : java.util.Optional.<SimNode>empty();
            if (node.isEmpty() || !node.get().registered()) {
                continue;
            }
            var flags = node.get().stateFlags();
            idle += flags.contains("IDLE") ? 1 : 0;
            allocated += flags.contains("ALLOCATED") || flags.contains("MIXED") ? 1 : 0;
            drain += flags.contains("DRAIN") ? 1 : 0;
        }
        var counts = List.of(mine.size(), ready, idle, allocated, drain);
        if (!counts.equals(writtenStatus.get(ns.name()))) { // spare the API server a read and a write per tick
            PodObjects.nodeSetStatus(kube, namespace, ns.name(), counts);
            writtenStatus.put(ns.name(), counts);
        }
    }

    private static int replicas(GenericKubernetesResource obj) {
        Object r = obj.get("spec", "replicas");
        return r instanceof Number n ? n.intValue() : 1; // the CRD defaults replicas to 1
    }

    /** What this kubelet's caches show now (tests wait on it rather than sleep). */
    synchronized java.util.Optional<GenericKubernetesResource> cachedNodeSet(String name) {
        if (podInformer == null) {
            start();
        }
        return nodeSetInformer.getStore().list().stream().filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    synchronized java.util.Optional<Pod> cachedPod(String name) {
        if (podInformer == null) {
            start();
        }
        return podInformer.getStore().list().stream().filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** A NodeSet's {@code spec.replicas} as of the last pass (what the autoscaler asks for), 0 before any. */
    public synchronized int desiredReplicas(String nodeSet) {
        return lastReplicas.getOrDefault(nodeSet, 0);
    }

    /** Pods the kubelet runs now, for tests and the report. */
    public synchronized List<SlurmdPod> pods() {
        return List.copyOf(pods.values());
    }
}
