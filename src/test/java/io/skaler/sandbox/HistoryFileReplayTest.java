package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The parser and the replay checked together: {@code sandbox/history/small-sacct.json} is a {@code sacct --json}
 * export of {@link HistoryReplayTest}'s five jobs on its small cluster (submit times from 2026-03-01T00:00:00Z), as
 * accounting writes them, plus two records that cannot be replayed. Its three-way table is HistoryReplayTest's hand-
 * computed one ({@link HistoryReplayTest#assertFiveJobTable}); the one difference in the input is c2: accounting keeps
 * no run time for a job cancelled while pending (elapsed 0), so where a replay starts it, it ends at once.
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
        assertThat(c.jobs()).isEqualTo(5);

        // The same table as HistoryReplayTest's. Where it could differ: static, with every node up from t=0, c2
        // starts at 300 on cpu-1 and, with no run time in accounting, ends at 300; at that start two cpu nodes are
        // busy (counted at every start, so a job of no time counts), so the peak is still gpu 2, cpu 2, and c2,
        // started as it is submitted (wait 0), is never cancelled. Under skaler and KEDA c2 is pending from 300
        // until its cancel at 330, as there.
        HistoryReplayTest.assertFiveJobTable(c);
    }
}
