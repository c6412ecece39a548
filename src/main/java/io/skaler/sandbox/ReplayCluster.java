package io.skaler.sandbox;

import io.skaler.model.OperatorDeletionOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster of a history replay, all in memory on the virtual clock (no API server, no HTTP, so a month replays in
 * minutes): the simulated Slurm, and per NodeSet the pods slurm-operator keeps at {@code spec.replicas}, each on a
 * machine Karpenter launches within its NodePool's {@code spec.limits} ({@code bootDelay} + {@code podStartDelay}
 * later the pod is Ready and its slurmd registers). Scale-in is the operator's: victims in its own order
 * ({@link OperatorDeletionOrder}, re-sorted every pass), drained in Slurm, deleted only once drained (re-checked every
 * {@code drainRecheck}); a victim that is no longer one (replicas rose again) is resumed. A machine whose pod is gone
 * is removed {@code emptyNodeTtl} later (Karpenter's WhenEmpty). Launch failures are not replayed.
 */
final class ReplayCluster {
    /** One slurmd pod. */
    static final class Pod {
        final int ordinal;
        final String name;
        final Instant createdAt;
        boolean assigned;
        boolean ready;
        Instant readySince;
        int deletionCost;
        boolean draining;

        Pod(int ordinal, String name, Instant createdAt) {
            this.ordinal = ordinal;
            this.name = name;
            this.createdAt = createdAt;
        }
    }

    /** One NodeSet: replicas, pods by ordinal, and the history skaler keeps on the object (annotations). */
    static final class NodeSet {
        final SandboxNodeSet spec;
        int replicas;
        final TreeMap<Integer, Pod> pods = new TreeMap<>();
        Optional<Instant> lastScaleUpAt = Optional.empty();
        Optional<Instant> backoffUntil = Optional.empty();
        int backoffLevel;
        /** Machines whose pod is gone, until Karpenter removes them (emptyNodeTtl). */
        int emptyMachines;

        NodeSet(SandboxNodeSet spec) {
            this.spec = spec;
        }
    }

    /** A NodePool: its limits and the machines it has launched (pods on them, or empty until removed). */
    static final class Pool {
        final SandboxNodePool spec;
        Map<String, BigDecimal> limits;
        int machines;

        Pool(SandboxNodePool spec) {
            this.spec = spec;
            this.limits = new HashMap<>(spec.limits());
        }

        /** Machines the limits allow: Karpenter launches none whose capacity would take the pool past a limit. */
        int machineCap() {
            int cap = Integer.MAX_VALUE;
            for (var e : limits.entrySet()) {
                BigDecimal one = spec.capacity().get(e.getKey());
                if (one != null && one.signum() > 0) {
                    cap = Math.min(cap, e.getValue().divide(one, 0, RoundingMode.FLOOR).intValue());
                }
            }
            return cap;
        }
    }

    /** Replica changes, for the report's decision marks. */
    interface ScaleListener {
        void scaled(String nodeSet, int from, int to, Instant at, String why);
    }

    final VirtualClock clock;
    final SimulatedSlurm slurm;
    final Scenario scenario;
    private final boolean unlimitedPools;
    private final Map<String, NodeSet> nodeSets = new LinkedHashMap<>();
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final List<ScaleListener> listeners = new ArrayList<>();
    /** Bumped on every change a Kubernetes watch would deliver (replicas, pods, limits). */
    private long kubeChanges;

    /** @param unlimitedPools a static cluster: machines exist whatever the NodePool limits say */
    ReplayCluster(Scenario scenario, Instant start, boolean unlimitedPools) {
        this.scenario = scenario;
        this.clock = new VirtualClock(start);
        this.slurm = new SimulatedSlurm(clock, scenario.nodeSets());
        this.unlimitedPools = unlimitedPools;
        scenario.nodePools().forEach(p -> pools.put(p.name(), new Pool(p)));
        for (var ns : scenario.nodeSets()) {
            nodeSets.put(ns.name(), new NodeSet(ns));
            pools.computeIfAbsent(ns.nodePool(), n -> new Pool(new SandboxNodePool(n, "", Map.of(), Map.of(),
                    java.util.OptionalLong.empty())));
        }
    }

    void addListener(ScaleListener l) {
        listeners.add(l);
    }

    /** A static cluster: {@code n} pods per NodeSet already up and registered when the replay starts. */
    void startWith(Map<String, Integer> replicas) {
        replicas.forEach((name, n) -> {
            var ns = nodeSet(name);
            ns.replicas = Math.min(n, ns.spec.maxNodes());
            for (int i = 0; i < ns.replicas; i++) {
                var pod = new Pod(i, ns.spec.name() + "-" + i, clock.now());
                pod.assigned = true;
                pools.get(ns.spec.nodePool()).machines++;
                ns.pods.put(i, pod);
                becomeReady(ns, pod);
            }
        });
    }

    Iterable<NodeSet> nodeSets() {
        return nodeSets.values();
    }

    NodeSet nodeSet(String name) {
        var ns = nodeSets.get(name);
        if (ns == null) {
            throw new IllegalArgumentException("no NodeSet " + name);
        }
        return ns;
    }

    Iterable<Pool> pools() {
        return pools.values();
    }

    long kubeChanges() {
        return kubeChanges;
    }

    /** Machines launched for the NodeSet and not yet removed: its pods' machines, and emptied ones still there. */
    int provisioned(String nodeSet) {
        var ns = nodeSet(nodeSet);
        int n = ns.emptyMachines;
        for (var p : ns.pods.values()) {
            n += p.assigned ? 1 : 0;
        }
        return n;
    }

    /** {@code spec.replicas} is set (by the autoscaler); the operator and Karpenter act on it at once. */
    void setReplicas(String name, int to, String why) {
        var ns = nodeSet(name);
        int from = ns.replicas;
        if (from == to) {
            return;
        }
        ns.replicas = to;
        kubeChanges++;
        listeners.forEach(l -> l.scaled(name, from, to, clock.now(), why));
        reconcile(ns);
    }

    void setLimits(String pool, Map<String, BigDecimal> limits) {
        var p = pools.get(pool);
        if (p != null && !p.limits.equals(limits)) {
            p.limits = new HashMap<>(limits);
            kubeChanges++;
            reconcileAll();
        }
    }

    void setDeletionCost(String nodeSet, String podName, int cost) {
        for (var p : nodeSet(nodeSet).pods.values()) {
            if (p.name.equals(podName) && p.deletionCost != cost) {
                p.deletionCost = cost;
                kubeChanges++;
            }
        }
    }

    private void reconcileAll() {
        nodeSets.values().forEach(this::reconcile);
    }

    /** One pass of the operator (pods to replicas, drains) and Karpenter (machines for waiting pods). */
    void reconcile(NodeSet ns) {
        int live = ns.pods.size();
        for (int ordinal = 0; live < ns.replicas && ordinal < ns.spec.maxNodes(); ordinal++) {
            if (!ns.pods.containsKey(ordinal)) {
                ns.pods.put(ordinal, new Pod(ordinal, ns.spec.name() + "-" + ordinal, clock.now()));
                live++;
                kubeChanges++;
            }
        }
        List<String> condemned = new ArrayList<>();
        if (live > ns.replicas) {
            OperatorDeletionOrder.victims(ns.pods.values().stream().map(ReplayCluster::rank).toList(),
                    live - ns.replicas).forEach(v -> condemned.add(v.name()));
        }
        for (var pod : List.copyOf(ns.pods.values())) {
            boolean victim = condemned.contains(pod.name);
            if (victim && !pod.ready) {
                remove(ns, pod); // no slurmd yet: nothing to drain
            } else if (victim && !pod.draining) {
                pod.draining = true;
                slurm.drain(pod.name, "scale-in", "slurm-operator");
                checkDrained(ns, pod);
            } else if (!victim && pod.draining) {
                pod.draining = false;
                slurm.resume(pod.name);
            }
        }
        launchWaiting(ns);
    }

    private void checkDrained(NodeSet ns, Pod pod) {
        if (!pod.draining || ns.pods.get(pod.ordinal) != pod) {
            return;
        }
        if (slurm.isDrained(pod.name)) {
            remove(ns, pod);
            reconcileAll(); // a machine may have been freed for another NodeSet's waiting pod
        } else {
            clock.scheduleIn(scenario.drainRecheck(), () -> checkDrained(ns, pod));
        }
    }

    private void remove(NodeSet ns, Pod pod) {
        ns.pods.remove(pod.ordinal);
        kubeChanges++;
        if (pod.ready) {
            slurm.unregisterNode(pod.name);
        }
        if (pod.assigned) {
            var pool = pools.get(ns.spec.nodePool());
            ns.emptyMachines++;
            clock.scheduleIn(scenario.karpenter().emptyNodeTtl(), () -> {
                pool.machines--;
                ns.emptyMachines--;
                kubeChanges++;
                reconcileAll();
            });
        }
    }

    private void launchWaiting(NodeSet ns) {
        var pool = pools.get(ns.spec.nodePool());
        for (var pod : ns.pods.values()) {
            if (pod.assigned) {
                continue;
            }
            if (!unlimitedPools && pool.machines >= pool.machineCap()) {
                return;
            }
            pod.assigned = true;
            pool.machines++;
            kubeChanges++;
            clock.scheduleIn(scenario.karpenter().bootDelay().plus(scenario.podStartDelay()), () -> {
                if (ns.pods.get(pod.ordinal) == pod) {
                    becomeReady(ns, pod);
                }
            });
        }
    }

    private void becomeReady(NodeSet ns, Pod pod) {
        pod.ready = true;
        pod.readySince = clock.now();
        kubeChanges++;
        slurm.registerNode(pod.name, "{\"namespace\":\"" + scenario.namespace() + "\",\"podName\":\"" + pod.name
                + "\"}");
        reconcile(ns); // replicas may have dropped while it booted
    }

    static OperatorDeletionOrder.Pod rank(Pod p) {
        return new OperatorDeletionOrder.Pod(p.name, p.assigned, p.ready ? OperatorDeletionOrder.Phase.RUNNING
                : OperatorDeletionOrder.Phase.PENDING, p.ready, p.deletionCost, Optional.empty(), false, p.ordinal,
                Optional.ofNullable(p.readySince), Optional.of(p.createdAt));
    }
}
