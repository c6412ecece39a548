package io.skaler.sandbox;

import io.skaler.model.Gres;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.MemoryRequest;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeState;
import io.skaler.model.ObjectRef;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.slurm.EligibilityClassifier;
import io.skaler.slurm.EligibilityContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The planner's input read straight from a {@link ReplayCluster}, as skaler's Slurm reader and Kubernetes informers
 * would deliver it from the same state (what slurmrestd v0.0.42 shows of each job and node, FUTURE placeholders
 * included as skaler asks for them; pods with their readiness and deletion cost; NodePool usage). It skips JSON and
 * HTTP so a month of cycles fits in minutes; the eligibility of each pending job is decided by skaler's own
 * {@link EligibilityClassifier}. Jobs and nodes are immutable values in the simulated Slurm (a change swaps in a
 * new one), so each is converted once and reused while it stands, as a month of cycles needs.
 */
final class ReplaySnapshots {
    private final ReplayCluster cluster;
    private Map<SimNode, SlurmNode> nodes = new IdentityHashMap<>();
    private Map<SimJob, PendingJob> jobs = new IdentityHashMap<>();

    ReplaySnapshots(ReplayCluster cluster) {
        this.cluster = cluster;
    }

    Snapshot read() {
        return new Snapshot(slurm(), kube(cluster));
    }

    SlurmSnapshot slurm() {
        List<SimJob> pendingRecords = new ArrayList<>();
        Map<Long, Integer> arrayRunning = new HashMap<>();
        List<SimNode> simNodes = new ArrayList<>();
        cluster.slurm.visit(j -> {
            if (j.pending()) {
                pendingRecords.add(j);
            } else if (j.running() && j.arrayJobId() != 0) {
                arrayRunning.merge(j.arrayJobId(), 1, Integer::sum);
            }
        }, simNodes::add);
        List<PendingJob> pending = new ArrayList<>(pendingRecords.size());
        Map<SimJob, PendingJob> jobsNow = new IdentityHashMap<>();
        for (var j : pendingRecords) {
            int running = arrayRunning.getOrDefault(j.jobId(), 0);
            PendingJob p = this.jobs.get(j);
            if (p == null || p.runnableTasks() != runnable(j, running)) {
                p = pendingJob(j, running);
            }
            jobsNow.put(j, p);
            pending.add(p);
        }
        this.jobs = jobsNow;
        List<SlurmNode> nodes = new ArrayList<>(simNodes.size());
        Map<SimNode, SlurmNode> nodesNow = new IdentityHashMap<>();
        Map<String, Integer> registered = new HashMap<>();
        for (var n : simNodes) {
            SlurmNode node = this.nodes.get(n);
            nodes.add(node != null ? node : node(n));
            nodesNow.put(n, nodes.get(nodes.size() - 1));
            if (n.registered()) {
                n.partitions().forEach(p -> registered.merge(p, 1, Integer::sum));
            }
        }
        this.nodes = nodesNow;
        Map<String, Set<String>> nodeSetsOf = new LinkedHashMap<>();
        for (var ns : cluster.scenario.nodeSets()) {
            nodeSetsOf.computeIfAbsent(ns.partition(), p -> new LinkedHashSet<>()).add(ns.name());
        }
        List<SlurmPartition> partitions = new ArrayList<>();
        nodeSetsOf.forEach((p, sets) -> partitions.add(new SlurmPartition(p, List.copyOf(sets),
                String.join(",", sets), registered.getOrDefault(p, 0), 0, 0, List.of("UP"))));
        return new SlurmSnapshot(pending, nodes, partitions, "v0.0.42", cluster.clock.now());
    }

    /** Tasks of the record that may start now: every listed one, less what an array's throttle holds back. */
    static int runnable(SimJob j, int arrayTasksRunning) {
        int listed = j.arrayRecord() ? (int) j.pendingTasks().count() : 1;
        if (j.arrayRecord() && j.request().arrayThrottle() > 0) {
            return Math.max(0, Math.min(listed, j.request().arrayThrottle() - arrayTasksRunning));
        }
        return listed;
    }

    static PendingJob pendingJob(SimJob j, int arrayTasksRunning) {
        var r = j.request();
        int listed = j.arrayRecord() ? (int) j.pendingTasks().count() : 1;
        int runnable = runnable(j, arrayTasksRunning);
        var eligibility = EligibilityClassifier.classify(j.reason(), j.reasonDescription(), r.hold(), "", r.nodes(),
                r.partitions(), EligibilityContext.UNKNOWN);
        return new PendingJob(j.jobId(), r.partitions(), r.nodes(), 0, r.tasks(), r.cpusPerTask(),
                r.tasks() * r.cpusPerTask(), 0, MemoryRequest.perNode(r.memoryPerNodeMB()), r.gresPerNode(),
                r.gresPerJob(), r.gresPerTask(), Gres.NONE, r.features(), r.exclusive(), runnable, j.hetJobId(),
                j.hetJobOffset(), r.priority(), j.submitTime(), j.submitTime(), j.reason(), j.reasonDescription(), eligibility,
                Math.max(listed, Math.max(1, runnable)));
    }

    static SlurmNode node(SimNode n) {
        var flags = n.stateFlags();
        var state = new NodeState(flags.get(0), Set.copyOf(flags.subList(1, flags.size())));
        var s = n.shape();
        return new SlurmNode(n.name(), state, n.partitions(), s.features(), s.cpus(), n.allocCpus(), s.memoryMB(),
                n.allocMemoryMB(), s.gres(), n.gresUsed(), n.reason(), n.reasonSetByUser(), n.reasonChangedAt(),
                n.lastBusy(), n.comment());
    }

    static KubeSnapshot kube(ReplayCluster cluster) {
        String namespace = cluster.scenario.namespace();
        List<NodeSetState> nodeSets = new ArrayList<>();
        List<NodeClaimState> claims = new ArrayList<>();
        for (var ns : cluster.nodeSets()) {
            List<NodeSetPod> pods = new ArrayList<>(ns.pods.size());
            int ready = 0;
            for (var p : ns.pods.values()) {
                pods.add(new NodeSetPod(p.name, p.name, p.ready, false, p.createdAt,
                        p.deletionCost == 0 ? OptionalInt.empty() : OptionalInt.of(p.deletionCost)));
                ready += p.ready ? 1 : 0;
                if (p.assigned) {
                    claims.add(new NodeClaimState(ns.spec.nodePool() + "-" + p.name, ns.spec.nodePool(),
                            p.ready ? NodeClaimState.Phase.READY : NodeClaimState.Phase.LAUNCHING, p.createdAt, "",
                            p.createdAt, capacity(cluster, ns.spec.nodePool())));
                }
            }
            nodeSets.add(new NodeSetState(new ObjectRef(namespace, ns.spec.name()), ns.replicas, ns.pods.size(),
                    ready, false, pods, ns.lastScaleUpAt, ns.backoffUntil, ns.backoffLevel));
        }
        List<NodePoolState> pools = new ArrayList<>();
        for (var p : cluster.pools()) {
            Map<String, BigDecimal> usage = new HashMap<>();
            p.spec.capacity().forEach((k, v) -> usage.put(k, v.multiply(BigDecimal.valueOf(p.machines))));
            pools.add(new NodePoolState(p.spec.name(), p.limits, usage, OptionalLong.empty(), "WhenEmpty", false,
                    false));
        }
        return new KubeSnapshot(nodeSets, pools, claims, cluster.clock.now());
    }

    private static Map<String, BigDecimal> capacity(ReplayCluster cluster, String pool) {
        for (var p : cluster.pools()) {
            if (p.spec.name().equals(pool)) {
                return p.spec.capacity();
            }
        }
        return Map.of();
    }
}
