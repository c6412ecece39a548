package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;

import io.skaler.model.Gres;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeState;
import io.skaler.model.PendingJob;
import io.skaler.model.Plan;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.NodeShape;
import io.skaler.policy.PartitionPolicy;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * A random but reproducible cluster (policy + snapshot) from a seed, and the simulated effect of applying a plan.
 * Covers what the planner must survive: busy, mixed, idle, drained and completing nodes, pods booting, timed out or
 * ready but unregistered, replicas above max, backoff, recent scale-ups, and jobs of every demand form.
 */
final class RandomCluster {
    static final NodeShape GPU = new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of("h100"));
    static final NodeShape CPU = new NodeShape(64, 256_000, Gres.NONE, List.of("cpu"));

    final Policy policy;
    final Snapshot snapshot;

    private RandomCluster(Policy policy, Snapshot snapshot) {
        this.policy = policy;
        this.snapshot = snapshot;
    }

    /**
     * @param rateLimits false: per-cycle limits too large to bind and a stabilization window of 5 minutes (for the
     *                   convergence properties: without a window, a NodeSet that grows this cycle may shed a drained
     *                   idle node the next, which is the two-step the window exists to prevent)
     */
    static RandomCluster of(long seed, boolean rateLimits) {
        return of(seed, rateLimits, false);
    }

    /** @param tidy no drained nodes and no NodeSet above maxReplicas (the cases that take more than one cycle) */
    static RandomCluster of(long seed, boolean rateLimits, boolean tidy) {
        Random r = new Random(seed);
        List<PartitionPolicy> partitions = new ArrayList<>();
        List<NodeSetState> states = new ArrayList<>();
        List<SlurmNode> nodes = new ArrayList<>();
        int partitionCount = 1 + r.nextInt(2);
        for (int p = 0; p < partitionCount; p++) {
            List<Fixtures.NodeSetBuilder> sets = new ArrayList<>();
            int nodeSetCount = 1 + r.nextInt(2);
            for (int k = 0; k < nodeSetCount; k++) {
                String name = "p" + p + "-ns" + k;
                NodeShape shape = r.nextBoolean() ? GPU : CPU;
                int min = r.nextInt(3);
                int max = min + 1 + r.nextInt(12);
                var b = Fixtures.nodeSetPolicy(name, shape).min(min).max(max).headroom(r.nextInt(3) == 0 ? 1 : 0)
                        .maxUp(rateLimits ? 1 + r.nextInt(6) : 1000).maxDown(rateLimits ? 1 + r.nextInt(4) : 1000)
                        .idleFor(Duration.ofMinutes(r.nextInt(3) * 10L))
                        .window(Duration.ofMinutes(rateLimits ? r.nextInt(2) * 5L : 5));
                sets.add(b);
                states.add(nodeSetState(r, name, shape, max, nodes, tidy));
            }
            partitions.add(Fixtures.partition("part" + p, sets.toArray(Fixtures.NodeSetBuilder[]::new)));
        }
        Policy policy = Fixtures.policy(partitions.toArray(PartitionPolicy[]::new));
        List<PendingJob> jobs = new ArrayList<>();
        int jobCount = r.nextInt(30);
        for (int j = 0; j < jobCount; j++) {
            jobs.add(job(r, j + 1, partitionCount).build());
        }
        Snapshot s = new Snapshot(new SlurmSnapshot(jobs, nodes, List.of(), "v0.0.42", NOW),
                new KubeSnapshot(states, List.of(), List.of(), NOW));
        return new RandomCluster(policy, s);
    }

    private static NodeSetState nodeSetState(Random r, String name, NodeShape shape, int max, List<SlurmNode> nodes,
                                             boolean tidy) {
        int podCount = r.nextInt(tidy ? max + 1 : max + 3);
        List<NodeSetPod> pods = new ArrayList<>();
        for (int i = 0; i < podCount; i++) {
            String pod = name + "-" + i;
            Instant created = NOW.minus(Duration.ofMinutes(r.nextInt(60)));
            int kind = r.nextInt(10);
            boolean ready = kind < 8 || kind == 9;
            pods.add(new NodeSetPod(pod, pod, ready, false, created, OptionalInt.empty()));
            if (kind < 8) {
                nodes.add(slurmNode(r, pod, shape, tidy));
            }
        }
        int replicas = podCount + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
        if (tidy) {
            replicas = Math.min(replicas, max);
        }
        Optional<Instant> lastUp = r.nextBoolean() ? Optional.of(NOW.minus(Duration.ofMinutes(r.nextInt(40))))
                : Optional.empty();
        int level = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
        Optional<Instant> until = level > 0 ? Optional.of(NOW.plus(Duration.ofMinutes(r.nextInt(20) - 10)))
                : Optional.empty();
        return new NodeSetState(new io.skaler.model.ObjectRef(Fixtures.NS, name), replicas, podCount,
                (int) pods.stream().filter(NodeSetPod::ready).count(), r.nextInt(15) == 0, pods, lastUp, until,
                level);
    }

    private static SlurmNode slurmNode(Random r, String name, NodeShape shape, boolean tidy) {
        long lastBusy = NOW.minus(Duration.ofMinutes(r.nextInt(60))).getEpochSecond();
        int kind = r.nextInt(6);
        return switch (tidy && kind == 4 ? 0 : kind) {
            case 0, 1 -> node(name, shape, "IDLE", Set.of(), 0, 0, Gres.NONE, lastBusy);
            case 2 -> node(name, shape, "ALLOCATED", Set.of(), shape.cpus(), shape.memoryMB(), shape.gres(), lastBusy);
            case 3 -> node(name, shape, "MIXED", Set.of(), shape.cpus() / 2, shape.memoryMB() / 4,
                    shape.gres().isEmpty() ? Gres.NONE : Gres.of("gpu:h100", 4), lastBusy);
            case 4 -> node(name, shape, "IDLE", Set.of("DRAIN"), 0, 0, Gres.NONE, lastBusy);
            default -> node(name, shape, "IDLE", Set.of("COMPLETING"), 0, 0, Gres.NONE, lastBusy);
        };
    }

    static SlurmNode node(String name, NodeShape shape, String base, Set<String> flags, int allocCpus, long allocMem,
                          Gres used, long lastBusy) {
        return new SlurmNode(name, new NodeState(base, flags), List.of(), shape.features(), shape.cpus(), allocCpus,
                shape.memoryMB(), allocMem, shape.gres(), used, "", "", 0, lastBusy, "");
    }

    private static Fixtures.JobBuilder job(Random r, long id, int partitions) {
        Fixtures.JobBuilder j = Fixtures.job(id);
        String first = "part" + r.nextInt(partitions);
        j.partitions(r.nextInt(8) == 0 ? new String[] {"debug", first} : new String[] {first});
        switch (r.nextInt(8)) {
            case 0 -> j.nodes(1 + r.nextInt(3)).gresPerNode("gpu", 8).exclusive();
            case 1 -> j.gresPerNode("gpu", 1 + r.nextInt(4)).tasks(1, 1 + r.nextInt(12));
            case 2 -> j.gpusPerJob("gpu", 1 + r.nextInt(20));
            case 3 -> j.tasks(1 + r.nextInt(100), 1 + r.nextInt(4)).memPerCpu(1000);
            case 4 -> j.gresPerNode("gpu", 1).array(1 + r.nextInt(10));
            case 5 -> j.tasks(1, 1 + r.nextInt(64)).constraint(r.nextBoolean() ? "cpu" : "h100|cpu");
            case 6 -> j.nodes(1 + r.nextInt(2)).memPerNode(0);
            default -> j.tasks(1, 200); // fits no shape
        }
        if (r.nextInt(6) == 0) {
            j.blocked("Dependency");
        }
        return j;
    }

    /** Managed NodeSet policies by name. */
    Map<String, NodeSetPolicy> nodeSetPolicies() {
        Map<String, NodeSetPolicy> out = new HashMap<>();
        for (PartitionPolicy p : policy.partitions()) {
            for (NodeSetPolicy ns : p.nodeSets()) {
                out.put(ns.ref().name(), ns);
            }
        }
        return out;
    }

    /**
     * The world after the executor applied {@code plan} and every asked-for node arrived: named pods gone, replicas
     * set to desired, every pod (new or booting) a registered idle node, backoff annotations written.
     */
    Snapshot apply(Plan plan) {
        return apply(snapshot, plan);
    }

    Snapshot apply(Snapshot s, Plan plan) {
        Map<String, NodeSetPolicy> policies = nodeSetPolicies();
        Map<String, NodeSetTarget> targets = new HashMap<>();
        for (NodeSetTarget t : plan.targets()) {
            targets.put(t.nodeSet().name(), t);
        }
        Map<String, SlurmNode> nodes = new HashMap<>();
        for (SlurmNode n : s.slurm().nodes()) {
            nodes.put(n.name(), n);
        }
        List<NodeSetState> states = new ArrayList<>();
        for (NodeSetState ns : s.kube().nodeSets()) {
            NodeSetTarget t = targets.get(ns.ref().name());
            if (t == null || t.action() == NodeSetTarget.Action.PAUSED) {
                states.add(ns);
                continue;
            }
            Set<String> removed = new HashSet<>(t.podsToRemove());
            List<NodeSetPod> pods = new ArrayList<>();
            for (NodeSetPod p : ns.pods()) {
                if (removed.contains(p.podName())) {
                    nodes.remove(p.slurmNodeName());
                } else if (pods.size() < t.desired()) {
                    pods.add(new NodeSetPod(p.podName(), p.slurmNodeName(), true, false, p.createdAt(),
                            OptionalInt.empty()));
                    nodes.computeIfAbsent(p.slurmNodeName(), n -> node(n, policies.get(ns.ref().name()).node(), "IDLE", Set.of(), 0, 0,
                            Gres.NONE, NOW.getEpochSecond()));
                }
            }
            for (int i = 0; pods.size() < t.desired(); i++) {
                String name = ns.ref().name() + "-new-" + i;
                pods.add(new NodeSetPod(name, name, true, false, NOW, OptionalInt.empty()));
                nodes.put(name, node(name, policies.get(ns.ref().name()).node(), "IDLE", Set.of(), 0, 0, Gres.NONE, NOW.getEpochSecond()));
            }
            Optional<Instant> lastUp = t.desired() > t.current() ? Optional.of(NOW) : ns.lastScaleUpAt();
            Optional<Instant> until = t.backoff().map(b -> Optional.of(b.until())).orElse(ns.backoffUntil());
            int level = t.backoff().map(b -> b.level()).orElse(ns.backoffLevel());
            states.add(new NodeSetState(ns.ref(), t.desired(), pods.size(), pods.size(), ns.paused(), pods, lastUp,
                    until, level));
        }
        return new Snapshot(new SlurmSnapshot(s.slurm().pendingJobs(), List.copyOf(nodes.values()),
                s.slurm().partitions(), s.slurm().apiVersion(), NOW),
                new KubeSnapshot(states, s.kube().nodePools(), s.kube().nodeClaims(), NOW));
    }
}
