package io.skaler.bench;

import io.skaler.model.Eligibility;
import io.skaler.model.Gres;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.MemoryRequest;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeState;
import io.skaler.model.ObjectRef;
import io.skaler.model.PendingJob;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark cluster: 20 partitions, one NodeSet each (even: 8 x H100 GPU nodes, odd: 128-CPU nodes), 50 existing
 * nodes per partition (1,000 in all: busy, partly used and idle), and pending jobs drawn from a fixed number of
 * classes (per-node GPUs, multi-node exclusive, arrays, CPU-only). {@code distinct} gives every job its own class.
 */
public final class PlannerWorkload {
    public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    public static final int PARTITIONS = 20;
    public static final int NODES_PER_PARTITION = 50;
    static final NodeShape GPU = new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of());
    static final NodeShape CPU = new NodeShape(128, 512_000, Gres.NONE, List.of());

    public final Snapshot snapshot;
    public final Policy policy;

    private PlannerWorkload(Snapshot snapshot, Policy policy) {
        this.snapshot = snapshot;
        this.policy = policy;
    }

    static NodeShape shape(int partition) {
        return partition % 2 == 0 ? GPU : CPU;
    }

    /** Classes for a job count, as in the ladder: 1k in 200, 10k in 500, 100k in 1,000. */
    public static int classesFor(int jobs) {
        return jobs <= 1_000 ? 200 : jobs <= 10_000 ? 500 : 1_000;
    }

    public static PlannerWorkload generate(int jobCount, int classCount, boolean distinct, long seed) {
        Random r = new Random(seed);
        List<PartitionPolicy> partitions = new ArrayList<>();
        List<NodeSetState> nodeSets = new ArrayList<>();
        List<SlurmNode> nodes = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            String name = "ns-" + p;
            NodeSetPolicy ns = new NodeSetPolicy(new ObjectRef("slurm", name), shape(p), 0, 1_000_000, 0,
                    NodePoolBinding.NONE, new ScaleUp(1_000_000),
                    new ScaleDown(Duration.ofMinutes(10), Duration.ofMinutes(5), 10), Duration.ofMinutes(20));
            partitions.add(new PartitionPolicy("part-" + p, List.of(ns)));
            List<NodeSetPod> pods = new ArrayList<>();
            for (int i = 0; i < NODES_PER_PARTITION; i++) {
                String node = name + "-" + i;
                pods.add(new NodeSetPod(node, node, true, false, NOW.minusSeconds(7200), OptionalInt.empty()));
                nodes.add(node(node, shape(p), i % 3, NOW.minusSeconds(60L * (i % 30)).getEpochSecond()));
            }
            nodeSets.add(new NodeSetState(new ObjectRef("slurm", name), NODES_PER_PARTITION, NODES_PER_PARTITION,
                    NODES_PER_PARTITION, false, pods, Optional.of(NOW.minusSeconds(7200)), Optional.empty(), 0));
        }
        List<PendingJob> jobs = new ArrayList<>(jobCount);
        List<PendingJob> templates = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            templates.add(job(c, r, 0));
        }
        for (int j = 0; j < jobCount; j++) {
            jobs.add(distinct ? job(j, r, j + 1) : withId(templates.get(r.nextInt(classCount)), 1_000_000L + j));
        }
        Policy policy = new Policy(partitions, Map.of("gpu", "nvidia.com/gpu"), "bench");
        return new PlannerWorkload(new Snapshot(new SlurmSnapshot(jobs, nodes, List.of(), "v0.0.42", NOW),
                new KubeSnapshot(nodeSets, List.of(), List.of(), NOW)), policy);
    }

    private static SlurmNode node(String name, NodeShape shape, int kind, long lastBusy) {
        return switch (kind) {
            case 0 -> new SlurmNode(name, new NodeState("ALLOCATED", Set.of()), List.of(), List.of(), shape.cpus(),
                    shape.cpus(), shape.memoryMB(), shape.memoryMB(), shape.gres(), shape.gres(), "", "", 0, lastBusy, "");
            case 1 -> new SlurmNode(name, new NodeState("MIXED", Set.of()), List.of(), List.of(), shape.cpus(),
                    shape.cpus() / 2, shape.memoryMB(), shape.memoryMB() / 2, shape.gres(),
                    shape.gres().isEmpty() ? Gres.NONE : Gres.of("gpu:h100", 4), "", "", 0, lastBusy, "");
            default -> new SlurmNode(name, new NodeState("IDLE", Set.of()), List.of(), List.of(), shape.cpus(), 0,
                    shape.memoryMB(), 0, shape.gres(), Gres.NONE, "", "", 0, lastBusy, "");
        };
    }

    /** One job of class {@code c}; {@code salt > 0} makes its memory request unique (the all-distinct worst case). */
    private static PendingJob job(int c, Random r, int salt) {
        int p = r.nextInt(PARTITIONS);
        boolean gpu = p % 2 == 0;
        int kind = r.nextInt(4);
        int nodes = 1;
        int tasks = 1;
        int cpusPerTask = 1;
        boolean exclusive = false;
        int runnable = 1;
        Gres perNode = Gres.NONE;
        long mem = 1_000 + r.nextInt(64) * 1_000L + salt;
        if (gpu) {
            switch (kind) {
                case 0 -> { // whole-node multi-node
                    nodes = 1 + r.nextInt(4);
                    exclusive = true;
                    perNode = Gres.of("gpu:h100", 8);
                }
                case 1 -> { // fractional GPU
                    int g = 1 << r.nextInt(3);
                    perNode = Gres.of("gpu", g);
                    cpusPerTask = 12 * g;
                }
                case 2 -> { // array of 1-GPU tasks
                    perNode = Gres.of("gpu", 1);
                    cpusPerTask = 4 + r.nextInt(8);
                    runnable = 1 + r.nextInt(20);
                }
                default -> {
                    perNode = Gres.of("gpu", 2);
                    cpusPerTask = 8;
                }
            }
        } else {
            tasks = 1 + r.nextInt(32);
            cpusPerTask = 1 + r.nextInt(4);
            runnable = kind == 2 ? 1 + r.nextInt(20) : 1;
        }
        return new PendingJob(c, List.of("part-" + p), nodes, 0, tasks, cpusPerTask, tasks * cpusPerTask, 0,
                MemoryRequest.perNode(mem), perNode, Gres.NONE, Gres.NONE, Gres.NONE, "", exclusive, runnable, 0, 0,
                100, 1_700_000_000L, 0, "Resources", "", Eligibility.demand("Resources"));
    }

    private static PendingJob withId(PendingJob t, long id) {
        return new PendingJob(id, t.partitions(), t.minNodes(), t.maxNodes(), t.tasks(), t.cpusPerTask(), t.minCpus(),
                t.minCpusPerNode(), t.memory(), t.gresPerNode(), t.gresPerJob(), t.gresPerTask(), t.gresPerSocket(),
                t.features(), t.exclusive(), t.runnableTasks(), 0, 0, t.priority(), t.submitTime(), 0, t.stateReason(),
                "", t.eligibility());
    }
}
