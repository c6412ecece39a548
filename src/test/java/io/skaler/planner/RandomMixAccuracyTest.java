package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import io.skaler.model.PendingJob;
import io.skaler.model.Plan;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.policy.NodeShape;
import io.skaler.policy.Policy;
import io.skaler.testing.PropertyCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Packing accuracy over random mixes: random shares of the four kinds of job (whole-node multi-node, fractional GPU,
 * arrays of 1-GPU tasks, CPU-only of any task count) on a random GPU node shape, onto an empty NodeSet. The plan must
 * cover every job and stay within 5% of a lower bound no packing can beat: every node part that leaves less room
 * than the smallest CPU request of any job (whole-node parts, and CPU parts that take (almost) all CPUs) has a node
 * to itself; everything else needs at least the largest per-resource ceiling; and never fewer nodes than the widest
 * job. The 5% is checked where the bound is at least 100 nodes (below that, rounding one node is already 1%+).
 */
class RandomMixAccuracyTest {

    /** One generated mix: the shape, the jobs, the lower bound and the runnable job count. */
    record Mix(NodeShape shape, List<PendingJob> jobs, long bound, long runnable, String label) {
        @Override
        public String toString() {
            return label + " bound=" + bound;
        }
    }

    /**
     * Every mix: all jobs covered, never below the bound. Over the bound: at most 5% on at least 95% of the mixes
     * and at most 11% on any. The known gap: mixes dominated by CPU-only jobs of many sizes beside few GPU jobs
     * (the CPUs bind, not the GPUs) land up to ~10% over on 4-GPU nodes; GPU-bound mixes stay within 5%.
     */
    @Test
    void randomMixesPlanCloseToTheLowerBoundAndCoverEveryJob() {
        List<Double> overs = new ArrayList<>();
        int tries = PropertyCheck.forAll(120, RandomMixAccuracyTest::mix, mix -> {
            Plan plan = Planner.plan(snapshot(mix), policy(mix.shape), NOW);
            NodeSetTarget t = plan.targets().get(0);
            assertThat(plan.excludedJobs()).isEmpty();
            assertThat(plan.partitions().get(0).eligibleJobs()).isEqualTo((int) mix.runnable);
            assertThat(t.reasons()).as("every job placed").anyMatch(r -> r.startsWith(mix.runnable + " pending job(s)"))
                    .noneMatch(r -> r.contains("go on to the next NodeSet"));
            assertThat((long) t.desired()).as("never below the lower bound").isGreaterThanOrEqualTo(mix.bound);
            if (mix.bound >= 100) {
                double over = 100.0 * (t.desired() - mix.bound) / mix.bound;
                assertThat(over).as("%s: %d planned vs lower bound %d", mix.label, t.desired(), mix.bound)
                        .isLessThanOrEqualTo(11.0);
                overs.add(over);
            }
        });
        long within = overs.stream().filter(o -> o <= 5.0).count();
        System.out.printf("random mixes: %d of %d meaningful mixes within 5%% (of %d), worst %.2f%%%n", within,
                overs.size(), tries, overs.stream().mapToDouble(o -> o).max().orElse(0));
        assertThat(overs).hasSizeGreaterThan(tries / 2);
        assertThat((double) within / overs.size()).isGreaterThanOrEqualTo(0.95);
    }

    static Mix mix(Random r) {
        int gpus = r.nextBoolean() ? 8 : 4;
        int cpus = new int[] {64, 96, 128, 192}[r.nextInt(4)];
        long memPerCpu = new long[] {4_000, 8_000, 10_000}[r.nextInt(3)];
        NodeShape shape = new NodeShape(cpus, cpus * memPerCpu, Gres.of("gpu:h100", gpus), List.of());
        double[] share = new double[4];
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            share[k] = r.nextInt(4) == 0 ? 0 : r.nextDouble();
            sum += share[k];
        }
        if (sum == 0) {
            share[r.nextInt(4)] = 1;
            sum = 1;
        }
        int count = 1_000 + r.nextInt(4_000);
        int cpusPerGpu = cpus / gpus;
        List<long[]> parts = new ArrayList<>(); // {cpus, memoryMB, gpus, times}; cpus = -1: whole node
        List<PendingJob> jobs = new ArrayList<>();
        long runnable = 0;
        int widest = 1;
        for (int i = 0; i < count; i++) {
            double pick = r.nextDouble() * sum;
            int kind = 0;
            while (kind < 3 && pick >= share[kind]) {
                pick -= share[kind];
                kind++;
            }
            Fixtures.JobBuilder j = Fixtures.job(i + 1).partitions("gpu");
            int tasks = 1;
            switch (kind) {
                case 0 -> {
                    int n = 1 + r.nextInt(8);
                    j.nodes(n).gresPerNode("gpu:h100", gpus).exclusive();
                    parts.add(new long[] {-1, 0, 0, n});
                    widest = Math.max(widest, n);
                }
                case 1 -> {
                    int g = new int[] {1, 2, gpus / 2}[r.nextInt(3)];
                    int c = Math.max(1, (int) (g * cpusPerGpu * (0.3 + 0.7 * r.nextDouble())));
                    long m = (long) (g * (shape.memoryMB() / gpus) * (0.2 + 0.8 * r.nextDouble()));
                    j.gresPerNode("gpu", g).tasks(1, c).memPerNode(m);
                    parts.add(new long[] {c, m, g, 1});
                }
                case 2 -> {
                    tasks = 1 + r.nextInt(50);
                    int c = Math.max(1, (int) (cpusPerGpu * (0.3 + 0.7 * r.nextDouble())));
                    j.gresPerNode("gpu", 1).tasks(1, c).array(tasks);
                    parts.add(new long[] {c, 0, 1, tasks});
                }
                default -> {
                    int t = 1 + r.nextInt(48);
                    int c = 1 + r.nextInt(4);
                    j.tasks(t, c).memPerCpu(memPerCpu);
                    int perNode = cpus / c;
                    int n = (t + perNode - 1) / perNode;
                    if (n > 1) {
                        parts.add(new long[] {(long) perNode * c, (long) perNode * c * memPerCpu, 0, n - 1});
                    }
                    long last = (long) (t - (n - 1) * perNode) * c;
                    parts.add(new long[] {last, last * memPerCpu, 0, 1});
                    widest = Math.max(widest, n);
                }
            }
            runnable += tasks;
            jobs.add(j.build());
        }
        long bound = Math.max(widest, bound(shape, parts));
        String label = String.format("%d jobs, shares %.2f/%.2f/%.2f/%.2f of %.2f, node %d cpu %d MB %d gpu", count,
                share[0], share[1], share[2], share[3], sum, cpus, shape.memoryMB(), gpus);
        return new Mix(shape, jobs, bound, runnable, label);
    }

    /**
     * The larger of two bounds. (a) Parts that leave less CPU than any part asks (whole-node parts, CPU parts of
     * (almost) all CPUs) each have a node to themselves; the rest need the largest per-resource ceiling. (b) No GPU
     * part can sit beside a part that takes more than half the CPUs and leaves fewer than the leanest GPU part needs,
     * so those parts' nodes come on top of the nodes the GPUs need.
     */
    private static long bound(NodeShape shape, List<long[]> parts) {
        long smallest = Long.MAX_VALUE;
        long leanestGpu = Long.MAX_VALUE;
        for (long[] p : parts) {
            if (p[0] > 0) {
                smallest = Math.min(smallest, p[0]);
            }
            if (p[0] > 0 && p[2] > 0) {
                leanestGpu = Math.min(leanestGpu, p[0]);
            }
        }
        long dedicated = 0;
        long besideNoGpu = 0;
        long cpu = 0;
        long mem = 0;
        long gpu = 0;
        for (long[] p : parts) {
            if (p[0] < 0 || shape.cpus() - p[0] < smallest) {
                dedicated += p[3];
            } else {
                cpu += p[0] * p[3];
                mem += p[1] * p[3];
                gpu += p[2] * p[3];
            }
            if (p[0] < 0 || (p[2] == 0 && 2 * p[0] > shape.cpus() && shape.cpus() - p[0] < leanestGpu)) {
                besideNoGpu += p[3];
            }
        }
        long gpus = shape.gres().total("gpu");
        long a = dedicated + Math.max(Math.max(ceil(cpu, shape.cpus()), ceil(mem, shape.memoryMB())), ceil(gpu, gpus));
        long b = besideNoGpu + ceil(gpu, gpus);
        return Math.max(a, b);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    private static Policy policy(NodeShape shape) {
        return Fixtures.policy(Fixtures.partition("gpu",
                Fixtures.nodeSetPolicy("gpu", shape).max(1_000_000).maxUp(1_000_000)));
    }

    private static Snapshot snapshot(Mix mix) {
        return new Snapshot(new SlurmSnapshot(mix.jobs, List.of(), List.of(), "v0.0.42", NOW),
                new KubeSnapshot(List.of(new NodeSetState(new ObjectRef(Fixtures.NS, "gpu"), 0, 0, 0, false, List.of(),
                        Optional.empty(), Optional.empty(), 0)), List.of(), List.of(), NOW));
    }
}
