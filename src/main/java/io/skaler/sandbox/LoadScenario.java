package io.skaler.sandbox;

import io.skaler.model.Gres;
import io.skaler.policy.NodeShape;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A generated scenario for the load run (issue 8): {@code pendingJobs} jobs spread evenly over {@code partitions},
 * each partition served by {@code nodeSets / partitions} NodeSets of {@code nodes / nodeSets} nodes, on four NodePools.
 * Jobs are sized so that a node runs one or two of them and run for hours, so nearly the whole queue stays pending for
 * the run while every NodeSet scales to its maximum. Generated rather than checked in: 100k jobs are a few lines here.
 *
 * @param pendingJobs  jobs submitted (within the first minute), e.g. 100,000
 * @param nodes        Slurm nodes in all (FUTURE placeholders until their pods register), e.g. 1,000
 * @param partitions   Slurm partitions, e.g. 50
 * @param nodeSets     NodeSets, e.g. 200; a multiple of {@code partitions} and a divisor of {@code nodes}
 */
public record LoadScenario(int pendingJobs, int nodes, int partitions, int nodeSets) {

    static final int POOLS = 4;
    static final NodeShape NODE = new NodeShape(16, 64_000, Gres.NONE, List.of("load"));

    public LoadScenario {
        if (pendingJobs < 1 || nodes < 1 || partitions < 1 || nodeSets < 1) {
            throw new IllegalArgumentException("load: jobs, nodes, partitions and nodeSets must be >= 1");
        }
        if (nodeSets % partitions != 0) {
            throw new IllegalArgumentException("load.nodeSets: must be a multiple of partitions (" + partitions
                    + "), got " + nodeSets);
        }
        if (nodes % nodeSets != 0) {
            throw new IllegalArgumentException("load.nodes: must be a multiple of nodeSets (" + nodeSets + "), got "
                    + nodes);
        }
    }

    /** The figures issue 8 names: 100k pending jobs, 1,000 nodes, 50 partitions, 200 NodeSets. */
    public static LoadScenario issue8() {
        return new LoadScenario(100_000, 1_000, 50, 200);
    }

    public Scenario scenario() {
        int perNodeSet = nodes / nodeSets;
        int perPartition = nodeSets / partitions;
        var pools = new ArrayList<SandboxNodePool>();
        for (int p = 0; p < POOLS; p++) {
            long poolNodes = (long) Math.ceil(nodes / (double) POOLS);
            pools.add(new SandboxNodePool("load-" + p, "m7i.4xlarge",
                    Map.of("cpu", BigDecimal.valueOf(NODE.cpus()), "memory", BigDecimal.valueOf(64L << 30)),
                    Map.of("cpu", BigDecimal.valueOf(poolNodes * NODE.cpus())), OptionalLong.empty()));
        }
        var sets = new ArrayList<SandboxNodeSet>();
        for (int i = 0; i < nodeSets; i++) {
            sets.add(new SandboxNodeSet(String.format("ns%03d", i), partition(i / perPartition), NODE, perNodeSet,
                    "load-" + (i % POOLS), 0));
        }
        return new Scenario("load-" + pendingJobs + "-jobs", Instant.parse("2026-01-05T08:00:00Z"), "slurm", sets,
                pools, KarpenterSettings.defaults(), Duration.ofSeconds(10), Duration.ofSeconds(30),
                new Workload(groups(), Duration.ofMinutes(30), 8));
    }

    /**
     * Five job shapes per partition, in equal numbers (the remainder to the first), submitted over one minute; each
     * fits one 16-CPU node (slurmctld rejects a job no configured node could run, and so does the simulated one).
     */
    private List<JobGroup> groups() {
        var shapes = List.of(
                shape("cpu8", 1, 1, 8, 16_000),
                shape("cpu16", 1, 1, 16, 32_000),
                shape("cpu4x2", 1, 2, 4, 24_000),
                shape("mpi2", 2, 2, 8, 60_000),
                shape("cpu12", 1, 3, 4, 40_000));
        var out = new ArrayList<JobGroup>();
        int groups = partitions * shapes.size();
        for (int g = 0; g < groups; g++) {
            int count = pendingJobs / groups + (g < pendingJobs % groups ? 1 : 0);
            if (count == 0) {
                continue;
            }
            String partition = partition(g / shapes.size());
            JobRequest r = shapes.get(g % shapes.size()).in(partition, "user" + (g % 7));
            out.add(new JobGroup(partition + "-" + r.name(), Duration.ZERO, count, Duration.ZERO,
                    Duration.ofMinutes(1), r, 0));
        }
        return out;
    }

    private static String partition(int i) {
        return String.format("p%02d", i);
    }

    private record Shape(String name, int nodes, int tasksPerNode, int cpusPerTask, long memoryPerNodeMB) {
        JobRequest in(String partition, String user) {
            Duration runtime = Duration.ofHours(4);
            return new JobRequest(name, user, List.of(partition), nodes, nodes * tasksPerNode, cpusPerTask,
                    memoryPerNodeMB, Gres.NONE, Gres.NONE, Gres.NONE, false, "", 0, 0, runtime,
                    runtime.multipliedBy(2), 1, false);
        }
    }

    private static Shape shape(String name, int nodes, int tasksPerNode, int cpusPerTask, long memoryPerNodeMB) {
        return new Shape(name, nodes, tasksPerNode, cpusPerTask, memoryPerNodeMB);
    }
}
