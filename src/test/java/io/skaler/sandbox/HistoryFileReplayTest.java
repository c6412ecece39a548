package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The parser and the replay checked together: {@code sandbox/history/small-sacct.json} is a {@code sacct --json}
 * export of {@link HistoryReplayTest}'s five jobs on its small cluster (submit times from 2026-03-01T00:00:00Z), as
 * accounting writes them, plus two records that cannot be replayed. Its three-way table is computed by hand below,
 * from the same rules as HistoryReplayTest's; the one difference is c2: accounting keeps no run time for a job
 * cancelled while pending (elapsed 0), so where a replay starts it, it ends at once.
 */
class HistoryFileReplayTest {
    static final Path FILE = Path.of("src/test/resources/sandbox/history/small-sacct.json");

    @Test
    void aSmallSacctExportReplaysToTheHandComputedTable() throws IOException {
        var scenario = HistoryReplayTest.smallCluster();
        var partitions = scenario.nodeSets().stream().map(SandboxNodeSet::partition).collect(Collectors.toSet());
        History history = HistoryFile.read(FILE).window(Optional.empty(), Optional.empty()).inPartitions(partitions);

        // 107 was still running when exported; 106 ran in partition debug, which the cluster has not
        assertThat(history.problemLines()).containsExactly(
                "1 job record: not finished when exported (state RUNNING) (first: job 107); not replayed",
                "1 job record: partition not in the cluster (it has cpu, gpu) (first: job 106 in debug); not replayed");
        assertThat(history.jobs()).extracting(j -> j.request().name())
                .containsExactlyInAnyOrder("g1", "g2", "c1", "c2", "x1");
        assertThat(history.jobs()).filteredOn(j -> j.id().equals("104")).singleElement()
                .satisfies(c2 -> assertThat(c2.cancelledWhilePendingAt()).contains(HistoryReplayTest.T0.plusSeconds(330)));

        var out = new ByteArrayOutputStream();
        var c = new HistoryReplay(scenario, HistoryReplay.bundledPolicy(scenario), HistoryReplay.Options.defaults(),
                new PrintStream(out)).run(history.jobs());
        var rows = c.rows();
        assertThat(c.jobs()).isEqualTo(5);
        assertThat(rows).extracting(ReplayComparison.Row::autoscaler).containsExactly("skaler", "keda", "static");

        // static, sized by the peak the history needed: with every node up from t=0, g1 and g2 start at 1 on gpu-0
        // and gpu-1, c1 at 1 on cpu-0; c2 starts at 300 on cpu-1 and, with no run time, ends at 300: at that start
        // two cpu nodes are busy (counted at every start, so a job of no time counts; a per-minute sample would miss
        // it). Peak gpu 2, cpu 2. On that cluster c2 starts at 300 on cpu-1 as it is submitted (wait 0: cpu-1 is
        // free, the submission starts a pass) and is never cancelled.
        // GPU as in HistoryReplayTest: 91 samples (0..5400) x 2 nodes x 60 s =
        // 3.0333 h provisioned, busy g1 60 + g2 30 samples = 1.5 h; x1 (2 GPUs on a 1-GPU node) refused: never ran.
        // Waits: gpu [1, 1]; cpu [1, 0] (c1, c2): p50 0 (the lower of two), p95 1.
        assertThat(c.staticSizes()).containsExactlyInAnyOrderEntriesOf(Map.of("gpu", 2, "cpu", 2));
        var stat = rows.get(2);
        assertThat(stat.gpuProvisioned()).isCloseTo(2 * 91 * 60 / 3600.0, within(1e-9));
        assertThat(stat.gpuBusy()).isCloseTo(1.5, within(1e-9));
        assertThat(stat.gpuIdle()).isCloseTo(2 * 91 * 60 / 3600.0 - 1.5, within(1e-9));
        assertThat(stat.neverRan()).isEqualTo(1);
        assertThat(stat.waitP50P95().get("gpu")).containsExactly(1L, 1L);
        assertThat(stat.waitP50P95().get("cpu")).containsExactly(0L, 1L);
        assertThat(c.results().get(2).cancelledWhilePending()).isZero();

        // skaler: as in HistoryReplayTest (c2 is pending from 300 until its cancel at 330 there too): gpu 0 -> 2 and
        // cpu 0 -> 1 at 0, g1, g2, c1 start at 60; cpu 1 -> 2 at 300; gpu 2 -> 1 at 2460 (gpu-1 idle 10 min after g2
        // ends at 1860), 1 -> 0 at 4260. GPU provisioned 41 + 71 samples = 1.8667 h, busy 1.5 h; waits 60 s.
        var skaler = rows.get(0);
        assertThat(skaler.gpuProvisioned()).isCloseTo(112 * 60 / 3600.0, within(1e-9));
        assertThat(skaler.gpuBusy()).isCloseTo(1.5, within(1e-9));
        assertThat(skaler.gpuIdle()).isCloseTo(112 * 60 / 3600.0 - 1.5, within(1e-9));
        assertThat(skaler.neverRan()).isEqualTo(1);
        assertThat(skaler.waitP50P95().get("gpu")).containsExactly(60L, 60L);
        assertThat(skaler.waitP50P95().get("cpu")).containsExactly(60L, 60L);
        assertThat(c.results().get(0).cancelledWhilePending()).isEqualTo(1);
        assertThat(c.results().get(0).stats().decisions()).extracting(d -> d.nodeSet() + " " + d.from() + "->"
                + d.to() + " at " + (d.epochSecond() - HistoryReplayTest.T0.getEpochSecond()))
                .contains("gpu 0->2 at 0", "cpu 0->1 at 0", "cpu 1->2 at 300", "gpu 2->1 at 2460", "gpu 1->0 at 4260");

        // KEDA, as in HistoryReplayTest: one gpu replica from the poll at 19, Ready at 79; g1 waits 79, g2 3679;
        // scaled to 0 at 3979 while g2 runs, the machine goes when g2 ends at 5479: samples 60..5460 = 1.5167 h,
        // busy 1.5 h, idle 0.0167 h. cpu: c1 waits 79, c2 cancelled at 330 while pending.
        var keda = rows.get(1);
        assertThat(keda.gpuProvisioned()).isCloseTo(91 * 60 / 3600.0, within(1e-9));
        assertThat(keda.gpuBusy()).isCloseTo(1.5, within(1e-9));
        assertThat(keda.gpuIdle()).isCloseTo(60 / 3600.0, within(1e-9));
        assertThat(keda.neverRan()).isEqualTo(1);
        assertThat(keda.waitP50P95().get("gpu")).containsExactly(79L, 3679L);
        assertThat(keda.waitP50P95().get("cpu")).containsExactly(79L, 79L);
        assertThat(c.results().get(1).cancelledWhilePending()).isEqualTo(1);
    }
}
