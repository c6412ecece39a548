package io.skaler.planner;

import io.skaler.model.Eligibility;
import io.skaler.model.Gres;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NamespaceCoverage;
import io.skaler.model.MemoryRequest;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeState;
import io.skaler.model.ObjectRef;
import io.skaler.model.PendingJob;
import io.skaler.model.Reservation;
import io.skaler.model.RunningJob;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.NodeShape;
import io.skaler.policy.PartitionPolicy;
import io.skaler.policy.Policy;
import io.skaler.policy.ScaleDown;
import io.skaler.policy.ScaleUp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Fixture builders for planner tests (Karpenter's pkg/test style): defaults that mean "nothing special". */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final String NS = "slurm";

    private Fixtures() {
    }

    // ---- jobs

    static JobBuilder job(long id) {
        return new JobBuilder(id);
    }

    static final class JobBuilder {
        private final long id;
        private List<String> partitions = List.of("gpu");
        private int minNodes = 1;
        private int maxNodes;
        private int tasks = 1;
        private int cpusPerTask = 1;
        private int minCpus = 1;
        private int minCpusPerNode;
        private MemoryRequest memory = MemoryRequest.UNSPECIFIED;
        private Gres perNode = Gres.NONE;
        private Gres perJob = Gres.NONE;
        private Gres perTask = Gres.NONE;
        private Gres perSocket = Gres.NONE;
        private String features = "";
        private boolean exclusive;
        private int runnable = 1;
        private Eligibility eligibility = Eligibility.demand("Resources");
        private long hetJobId;
        private int hetJobOffset;
        private long eligibleTime;
        private String reservation = "";
        private String dependency = "";

        JobBuilder(long id) {
            this.id = id;
        }

        JobBuilder partitions(String... p) {
            partitions = List.of(p);
            return this;
        }

        JobBuilder nodes(int n) {
            minNodes = n;
            return this;
        }

        JobBuilder maxNodes(int n) {
            maxNodes = n;
            return this;
        }

        JobBuilder tasks(int n, int cpusEach) {
            tasks = n;
            cpusPerTask = cpusEach;
            minCpus = n * cpusEach;
            return this;
        }

        JobBuilder cpus(int n) {
            minCpus = n;
            return this;
        }

        JobBuilder cpusPerNode(int n) {
            minCpusPerNode = n;
            return this;
        }

        JobBuilder memPerNode(long mb) {
            memory = MemoryRequest.perNode(mb);
            return this;
        }

        JobBuilder memPerCpu(long mb) {
            memory = MemoryRequest.perCpu(mb);
            return this;
        }

        JobBuilder gresPerNode(String name, long n) {
            perNode = Gres.of(name, n);
            return this;
        }

        JobBuilder gpusPerJob(String name, long n) {
            perJob = Gres.of(name, n);
            return this;
        }

        JobBuilder gpusPerTask(String name, long n) {
            perTask = Gres.of(name, n);
            return this;
        }

        JobBuilder gpusPerSocket(String name, long n) {
            perSocket = Gres.of(name, n);
            return this;
        }

        JobBuilder constraint(String c) {
            features = c;
            return this;
        }

        JobBuilder exclusive() {
            exclusive = true;
            return this;
        }

        JobBuilder array(int runnableTasks) {
            runnable = runnableTasks;
            return this;
        }

        /** A component of het job {@code leader} at {@code offset} (the leader's own offset is 0). */
        JobBuilder het(long leader, int offset) {
            hetJobId = leader;
            hetJobOffset = offset;
            return this;
        }

        /** Slurm's {@code eligible_time}, unix seconds (0: not set). */
        JobBuilder eligibleAt(Instant t) {
            eligibleTime = t.getEpochSecond();
            return this;
        }

        JobBuilder blocked(String reason) {
            eligibility = Eligibility.blocked(reason);
            return this;
        }

        /** {@code --reservation}: Slurm's {@code resv_name}. */
        JobBuilder reservation(String name) {
            reservation = name;
            return this;
        }

        /** Slurm's {@code dependency} text; the eligibility becomes what Slurm's reader makes of it. */
        JobBuilder dependency(String text) {
            dependency = text;
            eligibility = Eligibility.blocked("dependency " + text);
            return this;
        }

        PendingJob build() {
            String reason = eligibility.reason().startsWith("dependency ") ? "Dependency" : eligibility.reason();
            return new PendingJob(id, partitions, minNodes, maxNodes, tasks, cpusPerTask, minCpus, minCpusPerNode,
                    memory, perNode, perJob, perTask, perSocket, features, exclusive, runnable, hetJobId, hetJobOffset,
                    100,
                    1_700_000_000L, eligibleTime, reason, "", eligibility, Math.max(1, runnable), reservation,
                    dependency);
        }
    }

    // ---- Slurm nodes

    static SlurmNode idleNode(String name, NodeShape shape, Instant lastBusy) {
        return new SlurmNode(name, new NodeState("IDLE", Set.of("DYNAMIC_NORM")), List.of("gpu"), shape.features(),
                shape.cpus(), 0, shape.memoryMB(), 0, shape.gres(), Gres.NONE, "", "", 0, lastBusy.getEpochSecond(),
                "");
    }

    static SlurmNode busyNode(String name, NodeShape shape) {
        return new SlurmNode(name, new NodeState("ALLOCATED", Set.of()), List.of("gpu"), shape.features(),
                shape.cpus(), shape.cpus(), shape.memoryMB(), shape.memoryMB(), shape.gres(), shape.gres(), "", "", 0,
                NOW.getEpochSecond(), "");
    }

    static SlurmNode mixedNode(String name, NodeShape shape, int allocCpus, long allocMem, Gres gresUsed) {
        return new SlurmNode(name, new NodeState("MIXED", Set.of()), List.of("gpu"), shape.features(),
                shape.cpus(), allocCpus, shape.memoryMB(), allocMem, shape.gres(), gresUsed, "", "", 0,
                NOW.getEpochSecond(), "");
    }

    static SlurmNode withState(SlurmNode n, String base, String... flags) {
        return new SlurmNode(n.name(), new NodeState(base, Set.of(flags)), n.partitions(), n.features(), n.cpus(),
                n.allocCpus(), n.realMemoryMB(), n.allocMemoryMB(), n.gres(), n.gresUsed(), n.reason(),
                n.reasonSetByUser(), n.reasonChangedAt(), n.lastBusy(), n.comment());
    }

    // ---- Kubernetes

    static NodeSetPod pod(String name, boolean ready, Instant created) {
        return new NodeSetPod(name, name, ready, false, created, OptionalInt.empty());
    }

    static NodeSetState nodeSet(String name, int replicas, NodeSetPod... pods) {
        int ready = (int) Arrays.stream(pods).filter(NodeSetPod::ready).count();
        return new NodeSetState(new ObjectRef(NS, name), replicas, pods.length, ready, false, List.of(pods),
                Optional.empty(), Optional.empty(), 0);
    }

    static NodeSetState withHistory(NodeSetState s, Optional<Instant> lastScaleUp, Optional<Instant> backoffUntil,
                                    int level) {
        return new NodeSetState(s.ref(), s.specReplicas(), s.statusReplicas(), s.readyReplicas(), s.paused(),
                s.pods(), lastScaleUp, backoffUntil, level);
    }

    static NodeSetState learned(NodeSetState s, Duration bootTime) {
        return new NodeSetState(s.ref(), s.specReplicas(), s.statusReplicas(), s.readyReplicas(), s.paused(),
                s.pods(), s.lastScaleUpAt(), s.backoffUntil(), s.backoffLevel(), s.replicasIgnored(),
                Optional.of(bootTime));
    }

    static NodeSetState paused(NodeSetState s) {
        return new NodeSetState(s.ref(), s.specReplicas(), s.statusReplicas(), s.readyReplicas(), true, s.pods(),
                s.lastScaleUpAt(), s.backoffUntil(), s.backoffLevel());
    }

    static NodePoolState pool(String name) {
        return new NodePoolState(name, Map.of(), Map.of(), OptionalLong.empty(), "WhenEmpty", false, false);
    }

    static NodeClaimState claim(String name, String pool, NodeClaimState.Phase phase, Instant created) {
        return new NodeClaimState(name, pool, phase, created, phase == NodeClaimState.Phase.FAILED ? "ICE" : "");
    }

    // ---- policy

    static NodeShape h100() {
        return new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of());
    }

    static NodeShape cpuShape(int cpus, long mem) {
        return new NodeShape(cpus, mem, Gres.NONE, List.of());
    }

    static NodeSetBuilder nodeSetPolicy(String name, NodeShape shape) {
        return new NodeSetBuilder(name, shape);
    }

    static final class NodeSetBuilder {
        private final String name;
        private final NodeShape shape;
        private int min;
        private int max = 100;
        private int headroom;
        private NodePoolBinding pool = NodePoolBinding.NONE;
        private int maxUp = 100;
        private Duration idleFor = Duration.ofMinutes(10);
        private Duration window = Duration.ofMinutes(5);
        private int maxDown = 10;
        private Duration timeout = Duration.ofMinutes(20);
        private Duration bootTime = io.skaler.policy.PolicyDefaults.BOOT_TIME;
        private io.skaler.policy.LookAhead lookAhead = io.skaler.policy.LookAhead.AUTO;

        NodeSetBuilder(String name, NodeShape shape) {
            this.name = name;
            this.shape = shape;
        }

        NodeSetBuilder min(int n) {
            min = n;
            return this;
        }

        NodeSetBuilder max(int n) {
            max = n;
            return this;
        }

        NodeSetBuilder headroom(int n) {
            headroom = n;
            return this;
        }

        NodeSetBuilder pool(String poolName, NodePoolBinding.Mode mode) {
            pool = new NodePoolBinding(poolName, mode);
            return this;
        }

        NodeSetBuilder maxUp(int n) {
            maxUp = n;
            return this;
        }

        NodeSetBuilder maxDown(int n) {
            maxDown = n;
            return this;
        }

        NodeSetBuilder idleFor(Duration d) {
            idleFor = d;
            return this;
        }

        NodeSetBuilder window(Duration d) {
            window = d;
            return this;
        }

        NodeSetBuilder timeout(Duration d) {
            timeout = d;
            return this;
        }

        NodeSetBuilder bootTime(Duration d) {
            bootTime = d;
            return this;
        }

        NodeSetBuilder lookAhead(io.skaler.policy.LookAhead l) {
            lookAhead = l;
            return this;
        }

        NodeSetPolicy build() {
            return new NodeSetPolicy(new ObjectRef(NS, name), shape, min, max, headroom, pool,
                    new ScaleUp(maxUp, bootTime, lookAhead),
                    new ScaleDown(idleFor, window, maxDown), timeout);
        }
    }

    static PartitionPolicy partition(String name, NodeSetBuilder... nodeSets) {
        return new PartitionPolicy(name, Arrays.stream(nodeSets).map(NodeSetBuilder::build).toList());
    }

    static Policy policy(PartitionPolicy... partitions) {
        return new Policy(List.of(partitions), Map.of("gpu", "nvidia.com/gpu", "neuron", "aws.amazon.com/neuron"),
                "test");
    }

    // ---- snapshot

    static SnapshotBuilder snapshot() {
        return new SnapshotBuilder();
    }

    static final class SnapshotBuilder {
        final List<PendingJob> jobs = new ArrayList<>();
        final List<SlurmNode> nodes = new ArrayList<>();
        final List<NodeSetState> nodeSets = new ArrayList<>();
        final List<NodePoolState> pools = new ArrayList<>();
        final List<NodeClaimState> claims = new ArrayList<>();
        NamespaceCoverage coverage = NamespaceCoverage.ALL;
        final List<Reservation> reservations = new ArrayList<>();
        final List<RunningJob> running = new ArrayList<>();

        SnapshotBuilder reservations(Reservation... r) {
            reservations.addAll(List.of(r));
            return this;
        }

        SnapshotBuilder running(RunningJob... r) {
            running.addAll(List.of(r));
            return this;
        }

        SnapshotBuilder coverage(NamespaceCoverage c) {
            coverage = c;
            return this;
        }

        SnapshotBuilder jobs(JobBuilder... js) {
            for (JobBuilder j : js) {
                jobs.add(j.build());
            }
            return this;
        }

        SnapshotBuilder job(PendingJob j) {
            jobs.add(j);
            return this;
        }

        SnapshotBuilder nodes(SlurmNode... ns) {
            nodes.addAll(List.of(ns));
            return this;
        }

        SnapshotBuilder nodeSets(NodeSetState... s) {
            nodeSets.addAll(List.of(s));
            return this;
        }

        SnapshotBuilder pools(NodePoolState... p) {
            pools.addAll(List.of(p));
            return this;
        }

        SnapshotBuilder claims(NodeClaimState... c) {
            claims.addAll(List.of(c));
            return this;
        }

        Snapshot build() {
            return new Snapshot(new SlurmSnapshot(jobs, nodes, List.of(), "v0.0.42", NOW, 0, reservations, running),
                    new KubeSnapshot(nodeSets, pools, claims, NOW, coverage));
        }
    }

    static BigDecimal bd(long v) {
        return BigDecimal.valueOf(v);
    }
}
