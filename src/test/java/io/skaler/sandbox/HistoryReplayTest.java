package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.skaler.model.Gres;
import io.skaler.policy.NodeShape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The three-way table of a five-job history, computed by hand below. Everything in the small cluster happens on
 * multiples of 30 s (boot 50 s + slurmd 10 s, drain re-check 30 s, job lengths in minutes), so skaler's cycles (on
 * every change, and a resync 30 s after the last cycle) land on the instants the rules name, and the 60 s samples
 * count node-minutes exactly: a sample at t counts what is up at t (after everything due at t) for [t, t+60).
 */
class HistoryReplayTest {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    /** gpu: 2 nodes of 8 CPUs / 1 GPU; cpu: 2 nodes of 4 CPUs. Empty machines go at once, so the sums stay simple. */
    static Scenario smallCluster() {
        var gpuNode = new NodeShape(8, 64_000, Gres.of("gpu:a100", 1), List.of());
        var cpuNode = new NodeShape(4, 16_000, Gres.NONE, List.of());
        var pools = List.of(
                new SandboxNodePool("gpu", "g5", Map.of("cpu", new BigDecimal(8), "memory",
                        new BigDecimal(68_719_476_736L), "nvidia.com/gpu", BigDecimal.ONE),
                        Map.of("nvidia.com/gpu", new BigDecimal(2)), OptionalLong.empty()),
                new SandboxNodePool("cpu", "m7i", Map.of("cpu", new BigDecimal(4), "memory",
                        new BigDecimal(17_179_869_184L)), Map.of("cpu", new BigDecimal(8)), OptionalLong.empty()));
        var nodeSets = List.of(new SandboxNodeSet("gpu", "gpu", gpuNode, 2, "gpu", 0),
                new SandboxNodeSet("cpu", "cpu", cpuNode, 2, "cpu", 0));
        var karpenter = new KarpenterSettings(Duration.ofSeconds(50), 0, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ZERO, 1);
        return new Scenario("small", T0, "slurm", nodeSets, pools, karpenter, Duration.ofSeconds(10),
                Duration.ofSeconds(30), new Workload(List.of(), Duration.ofMinutes(30), 1));
    }

    static HistoryJob job(String id, long atSeconds, String partition, int cpus, long memMB, Gres gres,
            Duration runtime, Optional<Long> cancelAtSeconds) {
        var r = new JobRequest(id, "alice", List.of(partition), 1, 1, cpus, memMB, gres, Gres.NONE, Gres.NONE, false,
                "", 0, 0, runtime, runtime.multipliedBy(2), 1, false);
        return new HistoryJob(id, T0.plusSeconds(atSeconds), r, cancelAtSeconds.map(T0::plusSeconds));
    }

    static List<HistoryJob> fiveJobs() {
        var gpu1 = Gres.of("gpu:a100", 1);
        return List.of(
                job("g1", 0, "gpu", 8, 60_000, gpu1, Duration.ofMinutes(60), Optional.empty()),
                job("g2", 0, "gpu", 8, 60_000, gpu1, Duration.ofMinutes(30), Optional.empty()),
                job("c1", 0, "cpu", 4, 16_000, Gres.NONE, Duration.ofMinutes(10), Optional.empty()),
                job("c2", 300, "cpu", 4, 16_000, Gres.NONE, Duration.ofMinutes(10), Optional.of(330L)),
                // two GPUs on one node: no node has them, so slurmctld refuses it at submission, in every replay
                job("x1", 0, "gpu", 8, 60_000, Gres.of("gpu:a100", 2), Duration.ofMinutes(5), Optional.empty()));
    }

    static ReplayComparison replay(HistoryReplay.Options options) {
        var scenario = smallCluster();
        var out = new ByteArrayOutputStream();
        return new HistoryReplay(scenario, HistoryReplay.bundledPolicy(scenario), options, new PrintStream(out))
                .run(fiveJobs());
    }

    @Test
    void threeWayTableMatchesTheHandComputedOne() {
        assertFiveJobTable(replay(HistoryReplay.Options.defaults()));
    }

    /**
     * The three-way table of {@link #fiveJobs()} on {@link #smallCluster()}, computed by hand below; also what the
     * same jobs read from a sacct export give ({@link HistoryFileReplayTest}).
     */
    static void assertFiveJobTable(ReplayComparison c) {
        var rows = c.rows();
        assertThat(rows).extracting(ReplayComparison.Row::autoscaler).containsExactly("skaler", "keda", "static");

        // static, sized by the peak the history needed: with every node up from t=0, g1 and g2 start at 0 on gpu-0
        // and gpu-1, c1 at 0 on cpu-0, c2 at 300 on cpu-1 (so its cancel at 330 finds it running): peak 2 and 2.
        assertThat(c.staticSizes()).containsExactlyInAnyOrderEntriesOf(Map.of("gpu", 2, "cpu", 2));
        // The simulated slurmctld keeps 1 s between scheduling passes: the nodes registered at 0 had their pass at 0,
        // so the jobs submitted at 0 start at 1 (waits 1 s); c2 at 300 starts at once (wait 0).
        // g1 ends at 3601; the queue is empty at the check of 3660 and the run ends 30 min later, at 5460: samples
        // at 0, 60, ..., 5400 = 91. GPU provisioned 2 x 91 x 60 s = 3.0333 h; busy: g1 [1, 3601) samples 60..3600
        // = 60, g2 [1, 1801) samples 60..1800 = 30: 90 x 60 s = 1.5 h; idle 1.5333 h. x1 never ran.
        // Waits: gpu [1, 1]: p50 1, p95 1; cpu [0, 1]: p50 (nearest rank 1 of 2) 0, p95 1.
        var stat = rows.get(2);
        assertThat(stat.gpuProvisioned()).isCloseTo(2 * 91 * 60 / 3600.0, within(1e-9));
        assertThat(stat.gpuBusy()).isCloseTo(1.5, within(1e-9));
        assertThat(stat.gpuIdle()).isCloseTo(2 * 91 * 60 / 3600.0 - 1.5, within(1e-9));
        assertThat(stat.neverRan()).isEqualTo(1);
        assertThat(stat.waitP50P95()).containsOnlyKeys("cpu", "gpu");
        assertThat(stat.waitP50P95().get("gpu")).containsExactly(1L, 1L);
        assertThat(stat.waitP50P95().get("cpu")).containsExactly(0L, 1L);
        assertThat(c.results().get(2).cancelledWhilePending()).isZero();

        // skaler: its first cycle at 0 sees g1, g2 (one whole node each) and c1 pending: gpu 0 -> 2, cpu 0 -> 1.
        // Machines at 0, pods Ready at 60: g1, g2, c1 start at 60 (waits 60 s each). c2 arrives at 300 while c1
        // fills cpu-0: cpu 1 -> 2 at 300, cpu-1 Ready at 360, but c2 is cancelled at 330, still pending.
        // g2 ends at 1860: gpu-1 is idle 10 min (idleFor) at 2460, where a cycle runs (the resync grid is on
        // multiples of 30 s): gpu 2 -> 1, drained at once (idle), gone at 2460. g1 ends at 3660: gpu-0 goes at 4260.
        // Queue empty at 3660, the run ends at 5460: samples 0..5400. GPU provisioned: gpu-1 samples 0..2400 = 41,
        // gpu-0 samples 0..4200 = 71: 112 x 60 s = 1.8667 h. Busy: g1 [60, 3660) 60 samples, g2 [60, 1860) 30
        // samples = 1.5 h. Idle 0.3667 h. Waits gpu 60/60, cpu 60/60 (c2 never started, it is not a wait).
        var skaler = rows.get(0);
        assertThat(skaler.gpuProvisioned()).isCloseTo(112 * 60 / 3600.0, within(1e-9));
        assertThat(skaler.gpuBusy()).isCloseTo(1.5, within(1e-9));
        assertThat(skaler.gpuIdle()).isCloseTo(112 * 60 / 3600.0 - 1.5, within(1e-9));
        assertThat(skaler.neverRan()).isEqualTo(1);
        assertThat(skaler.waitP50P95().get("gpu")).containsExactly(60L, 60L);
        assertThat(skaler.waitP50P95().get("cpu")).containsExactly(60L, 60L);
        assertThat(c.results().get(0).cancelledWhilePending()).isEqualTo(1);
        assertThat(c.results().get(0).stats().decisions()).extracting(d -> d.nodeSet() + " " + d.from() + "->"
                + d.to() + " at " + (d.epochSecond() - T0.getEpochSecond()))
                .contains("gpu 0->2 at 0", "cpu 0->1 at 0", "cpu 1->2 at 300", "gpu 2->1 at 2460", "gpu 1->0 at 4260");

        // KEDA (scrape at 7 + 30k s, KEDA poll at 19 + 30k, HPA at 3 + 15k, threshold 5): the poll at 19 activates
        // gpu and cpu at 1 replica; the HPA keeps ceil(2 pending / 5) = 1. gpu-0 Ready at 79: g1 starts (wait 79),
        // g2 waits for it: 3679 (wait 3679). The scrape at 3667 still saw g2 pending, so the poll at 3679 marks gpu
        // active; after the 300 s cooldown the poll at 3979 scales gpu to 0 while g2 runs: the operator drains
        // gpu-0 and deletes it when g2 ends, at 5479. Machine [19, 5479): samples 60..5460 = 91 x 60 s = 1.5167 h;
        // busy g1 [79, 3679) 60 samples + g2 [3679, 5479) 30 = 1.5 h; idle 0.0167 h. Waits gpu p50 79 (nearest
        // rank of [79, 3679]), p95 3679; cpu: c1 79; c2 cancelled at 330 while pending.
        var keda = rows.get(1);
        assertThat(keda.gpuProvisioned()).isCloseTo(91 * 60 / 3600.0, within(1e-9));
        assertThat(keda.gpuBusy()).isCloseTo(1.5, within(1e-9));
        assertThat(keda.gpuIdle()).isCloseTo(60 / 3600.0, within(1e-9));
        assertThat(keda.neverRan()).isEqualTo(1);
        assertThat(keda.waitP50P95().get("gpu")).containsExactly(79L, 3679L);
        assertThat(keda.waitP50P95().get("cpu")).containsExactly(79L, 79L);
        assertThat(c.results().get(1).cancelledWhilePending()).isEqualTo(1);
    }

    @Test
    void aStaticSizeNamedIsUsedAndTheWindowDropsJobsOutsideIt() {
        var options = HistoryReplay.Options.defaults()
                .window(Optional.of(T0.plusSeconds(60)), Optional.empty())
                .withStatic(Map.of("gpu", 1, "cpu", 1));
        var c = replay(options);
        // only c2 (submitted at 300) is in the window: on the static cpu-0 it starts at once, its cancel finds it
        // running; nothing ran on the GPUs, yet the static gpu node was up the whole run
        assertThat(c.jobs()).isEqualTo(1);
        assertThat(c.staticSizes()).containsExactlyInAnyOrderEntriesOf(Map.of("gpu", 1, "cpu", 1));
        var stat = c.rows().get(2);
        assertThat(stat.gpuBusy()).isZero();
        assertThat(stat.gpuProvisioned()).isGreaterThan(0);
        assertThat(stat.waitP50P95().get("cpu")).containsExactly(0L, 0L);
        assertThat(c.rows().get(0).gpuProvisioned()).isZero();
    }

    @Test
    void aWindowWithoutJobsIsAClearError() {
        var options = HistoryReplay.Options.defaults().window(Optional.of(T0.plusSeconds(86_400)), Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("history: no job submitted within the window");
    }
}
