package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A het job of the history replays as one job whose components start together or not at all, as Slurm runs it:
 * the het job of the dev Slurm's real accounting (a gpu-h100 component and a cpu one, {@code het-gpu-cpu} in the
 * captures' {@code jobs.tsv}), and a small hand-made history where one component must wait for the other's nodes.
 */
class HetJobReplayTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"real-24.11, sacct.json", "real-24.11, v0.0.40/slurmdb-jobs.json", "real-26.05, sacct.json",
        "real-26.05, v0.0.45/slurmdb-jobs.json"})
    void theRealHetJobWaitsWholeForItsGpuComponent(String release, String file) throws IOException {
        String het = HistoryCapturesTest.jobIds(release).get("het-gpu-cpu");
        HistoryJob job;
        try (InputStream in = HistoryCapturesTest.resource(release, file)) {
            job = HistoryFile.read(in).jobs().stream().filter(j -> j.id().equals(het)).findFirst().orElseThrow();
        }
        assertThat(job.components()).extracting(r -> r.partitions().get(0)).containsExactly("gpu-h100", "cpu");

        // the bundled cluster with one cpu node up and every gpu-h100 node still FUTURE
        var clock = new VirtualClock(job.submitted());
        var slurm = new SimulatedSlurm(clock, Scenario.loadDefault().nodeSets());
        List<String> started = new ArrayList<>();
        slurm.addListener(new SlurmListener() {
            @Override
            public void jobStarted(SimJob j) {
                started.add(j.partition() + " at " + (clock.epochSecond() - job.submitted().getEpochSecond()));
            }
        });
        slurm.registerNode(node(slurm, "cpu"), "");
        new HistorySubmissions(slurm, List.of(job)).scheduleFirst();
        clock.advanceBy(Duration.ofMinutes(10));
        assertThat(started).as("the cpu component does not start without its gpu-h100 component").isEmpty();
        assertThat(slurm.pendingCount()).isEqualTo(2);

        slurm.registerNode(node(slurm, "gpu-h100"), "");
        clock.advanceBy(Duration.ofSeconds(5));
        assertThat(started).containsExactly("gpu-h100 at 600", "cpu at 600");
    }

    @Test
    void aHetComponentWaitsForTheNodesOfItsOtherComponentOnAStaticCluster() {
        // one gpu node and one cpu node: g1 holds the gpu node [1, 3601); the het job submitted at 60 asks one gpu
        // node and one cpu node. The cpu node is free all along, yet its component waits with the gpu one: both
        // start at 3601, when g1 ends (wait 3541). Replayed as two jobs, the cpu one would start at 60.
        var gpu1 = Gres.of("gpu:a100", 1);
        var g1 = HistoryReplayTest.job("g1", 0, "gpu", 8, 60_000, gpu1, Duration.ofMinutes(60), Optional.empty());
        var gpuPart = HistoryReplayTest.job("h", 60, "gpu", 8, 60_000, gpu1, Duration.ofMinutes(10), Optional.empty());
        var cpuPart = HistoryReplayTest.job("h", 60, "cpu", 4, 16_000, Gres.NONE, Duration.ofMinutes(10),
                Optional.empty());
        var hetJob = new HistoryJob("h", gpuPart.submitted(), gpuPart.request(), Optional.empty(),
                List.of(cpuPart.request()));

        var scenario = HistoryReplayTest.smallCluster();
        var options = HistoryReplay.Options.defaults().withStatic(Map.of("gpu", 1, "cpu", 1));
        var c = new HistoryReplay(scenario, HistoryReplay.bundledPolicy(scenario), options,
                new PrintStream(new ByteArrayOutputStream())).run(List.of(g1, hetJob));

        assertThat(c.jobs()).isEqualTo(2);
        var stat = c.rows().get(2);
        assertThat(stat.neverRan()).isZero();
        assertThat(stat.waitP50P95().get("cpu")).containsExactly(3541L, 3541L);
        assertThat(stat.waitP50P95().get("gpu")).containsExactly(1L, 3541L);
        // skaler and KEDA run it too: the planner is given the components as one het job
        assertThat(c.rows().get(0).neverRan()).isZero();
        assertThat(c.rows().get(1).neverRan()).isZero();
    }

    @Test
    void aHetJobCancelledWhilePendingCancelsEveryComponent() {
        var clock = new VirtualClock(HistoryReplayTest.T0);
        var slurm = new SimulatedSlurm(clock, HistoryReplayTest.smallCluster().nodeSets());
        var gpu = HistoryReplayTest.job("h", 0, "gpu", 8, 60_000, Gres.of("gpu:a100", 1), Duration.ofMinutes(10),
                Optional.of(120L));
        var cpu = HistoryReplayTest.job("h", 0, "cpu", 4, 16_000, Gres.NONE, Duration.ofMinutes(10), Optional.empty());
        var submissions = new HistorySubmissions(slurm, List.of(new HistoryJob("h", gpu.submitted(), gpu.request(),
                gpu.cancelledWhilePendingAt(), List.of(cpu.request()))));
        submissions.scheduleFirst();
        clock.advanceBy(Duration.ofMinutes(5));
        assertThat(submissions.cancelled()).isEqualTo(1);
        assertThat(slurm.pendingCount()).isZero();
        assertThat(slurm.state().jobs()).extracting(SimJob::state)
                .containsExactly(SimJob.State.CANCELLED, SimJob.State.CANCELLED);
    }

    private static String node(SimulatedSlurm slurm, String partition) {
        return slurm.state().nodes().stream().filter(n -> n.partitions().contains(partition)).findFirst()
                .orElseThrow().name();
    }
}
