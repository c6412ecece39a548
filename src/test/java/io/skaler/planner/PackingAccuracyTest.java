package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NodeSetState;
import io.skaler.model.ObjectRef;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.policy.NodeShape;
import io.skaler.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Accuracy of the class packer on generated mixes onto empty 8 x H100 nodes: nodes planned against a lower bound
 * no packing can beat (whole-node jobs' nodes, plus the largest per-resource ceiling of everything else, and never
 * fewer than the widest job). The plan must be within 5% of it. Figures are printed for benchmarks/README.md.
 */
class PackingAccuracyTest {
    private static final NodeShape SHAPE = new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of());

    @ParameterizedTest(name = "{0}: {1} jobs")
    @CsvSource({
            "whole-node multi-node, 2000, 1, 5.0",
            "fractional GPU, 10000, 2, 5.0",
            "arrays of 1-GPU tasks, 2000, 3, 5.0",
            "CPU-only, 10000, 4, 5.0",
            // all four in one partition: GPU-heavy and CPU-heavy jobs must share nodes to get near the bound
            // (PackingOrder: GRES jobs first, CPU-only jobs backfill beside them)
            "all mixed, 20000, 0, 5.0"})
    void plansWithinFivePercentOfTheLowerBound(String mix, int jobs, int kind, double allowedPercent) {
        Random r = new Random(7 + kind);
        List<PendingJob> pending = new ArrayList<>();
        long wholeNodes = 0;
        long cpu = 0;
        long mem = 0;
        long gpu = 0;
        int widest = 1;
        for (int i = 0; i < jobs; i++) {
            int k = kind == 0 ? 1 + r.nextInt(4) : kind;
            Fixtures.JobBuilder j = Fixtures.job(i + 1);
            int count = 1;
            switch (k) {
                case 1 -> {
                    int n = 1 + r.nextInt(8);
                    j.nodes(n).gresPerNode("gpu:h100", 8).exclusive();
                    wholeNodes += n;
                    widest = Math.max(widest, n);
                }
                case 2 -> {
                    int g = 1 << r.nextInt(3);
                    int c = 6 * g + r.nextInt(6);
                    long m = 50_000L * g + r.nextInt(20_000);
                    j.gresPerNode("gpu", g).tasks(1, c).memPerNode(m);
                    gpu += g;
                    cpu += c;
                    mem += m;
                }
                case 3 -> {
                    count = 1 + r.nextInt(50);
                    int c = 4 + r.nextInt(8);
                    j.gresPerNode("gpu", 1).tasks(1, c).array(count);
                    gpu += count;
                    cpu += (long) c * count;
                }
                default -> {
                    int t = 1 + r.nextInt(48);
                    int c = 1 + r.nextInt(4);
                    j.tasks(t, c).memPerCpu(4_000);
                    cpu += (long) t * c;
                    mem += 4_000L * t * c;
                }
            }
            pending.add(j.partitions("gpu").build());
        }
        long bound = wholeNodes + Math.max(Math.max(ceil(cpu, SHAPE.cpus()), ceil(mem, SHAPE.memoryMB())), ceil(gpu, 8));
        bound = Math.max(bound, widest);

        Policy policy = Fixtures.policy(Fixtures.partition("gpu",
                Fixtures.nodeSetPolicy("gpu", SHAPE).max(1_000_000).maxUp(1_000_000)));
        Snapshot s = new Snapshot(new SlurmSnapshot(pending, List.of(), List.of(), "v0.0.42", NOW),
                new KubeSnapshot(List.of(new NodeSetState(new ObjectRef(Fixtures.NS, "gpu"), 0, 0, 0, false, List.of(),
                        Optional.empty(), Optional.empty(), 0)), List.of(), List.of(), NOW));
        int planned = Planner.plan(s, policy, NOW).targets().get(0).desired();
        double over = 100.0 * (planned - bound) / bound;
        System.out.printf("accuracy %-22s jobs=%6d planned=%6d lowerBound=%6d over=%.2f%%%n", mix, jobs, planned, bound,
                over);
        assertThat(planned).isGreaterThanOrEqualTo((int) bound);
        assertThat(over).as("%s: %d planned vs lower bound %d", mix, planned, bound).isLessThanOrEqualTo(allowedPercent);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
