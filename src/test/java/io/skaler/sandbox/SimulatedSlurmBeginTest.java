package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code sbatch --begin}: docs/upstream.md, "right after sbatch a job with a future --begin shows ReqNodeNotAvail". */
class SimulatedSlurmBeginTest {
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());

    @Test
    void aBeginJobShowsReqNodeNotAvailThenBeginTimeAndNeverStartsBeforeItsEligibleTime() {
        slurm.registerNode("gpu-h100-0", "");
        long id = slurm.submit(Jobs.begin(Jobs.gpu(1, 8, Duration.ofMinutes(10)), Duration.ofMinutes(20)));
        var submitted = slurm.findJob(id).orElseThrow();
        assertThat(submitted.reason()).isEqualTo("ReqNodeNotAvail");
        assertThat(submitted.eligibleTime()).isEqualTo(T0.getEpochSecond() + 1200);

        clock.advanceBy(Duration.ofSeconds(5));
        assertThat(slurm.findJob(id).orElseThrow().reason()).as("named by the next pass").isEqualTo("BeginTime");

        clock.advanceBy(Duration.ofMinutes(19).plusSeconds(54)); // one second before its time, an idle node there
        assertThat(slurm.findJob(id).orElseThrow().pending()).isTrue();
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().busy()).isFalse();

        clock.advanceBy(Duration.ofSeconds(2));
        var running = slurm.findJob(id).orElseThrow();
        assertThat(running.running()).isTrue();
        assertThat(running.startTime()).isEqualTo(running.eligibleTime());
    }

    @Test
    void onceEligibleItWaitsForResourcesLikeAnyJob() {
        long id = slurm.submit(Jobs.begin(Jobs.gpu(2, 8, Duration.ofMinutes(10)), Duration.ofMinutes(5)));
        clock.advanceBy(Duration.ofMinutes(6));
        var waiting = slurm.findJob(id).orElseThrow();
        assertThat(waiting.pending()).isTrue();
        assertThat(waiting.reason()).isEqualTo("Resources");

        slurm.registerNode("gpu-h100-0", "");
        slurm.registerNode("gpu-h100-1", "");
        clock.advanceBy(Duration.ofSeconds(2));
        assertThat(slurm.findJob(id).orElseThrow().running()).isTrue();
    }

    @Test
    void aBeginJobAheadInPriorityHoldsNoOneBack() {
        slurm.registerNode("gpu-h100-0", "");
        var first = Jobs.begin(Jobs.gpu(1, 8, Duration.ofMinutes(10)), Duration.ofMinutes(20));
        long deferred = slurm.submit(first);
        long now = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(10)));
        clock.advanceBy(Duration.ofSeconds(2));
        assertThat(slurm.findJob(now).orElseThrow().running()).isTrue();
        assertThat(slurm.findJob(deferred).orElseThrow().reason()).isEqualTo("BeginTime");
    }

    @Test
    void aJobWithoutBeginIsEligibleAtSubmission() {
        long id = slurm.submit(Jobs.small(Duration.ofMinutes(1)));
        var job = slurm.findJob(id).orElseThrow();
        assertThat(job.eligibleTime()).isEqualTo(job.submitTime());
        assertThat(job.reason()).isEqualTo("None");
    }

    @Test
    void demandLeavesOutABeginJobUntilItsTimeAndCountsItsNodesApart() {
        var gpu = Jobs.cluster().get(0);
        slurm.submit(Jobs.begin(Jobs.gpu(2, 8, Duration.ofMinutes(10)), Duration.ofMinutes(20)));
        clock.advanceBy(Duration.ofSeconds(5));
        var before = DemandEstimate.of(slurm.state(), gpu, 3);
        assertThat(before.neededNodes()).isZero();
        assertThat(before.pendingJobs()).isZero();
        assertThat(before.awaitingNodes()).isEqualTo(2);
        assertThat(before.idleAhead()).as("3 up, none needed yet, 2 awaited").isEqualTo(2);

        clock.advanceBy(Duration.ofMinutes(20));
        var after = DemandEstimate.of(slurm.state(), gpu, 3);
        assertThat(after.neededNodes()).isEqualTo(2);
        assertThat(after.awaitingNodes()).isZero();
        assertThat(after.idleAhead()).isZero();
    }

    @Test
    void theWorkloadFileTakesBeginAsAnOffsetAfterSubmission() throws Exception {
        var w = WorkloadFile.parse(yaml("begin: 20m"));
        assertThat(w.groups().get(0).template().begin()).isEqualTo(Duration.ofMinutes(20));
        assertThat(WorkloadFile.parse(yaml("count: 1")).groups().get(0).template().deferred()).isFalse();
        assertThatThrownBy(() -> WorkloadFile.parse(yaml("begin: soon"))).hasMessageContaining("jobs.x.begin");
    }

    private static ByteArrayInputStream yaml(String extra) {
        return new ByteArrayInputStream(("jobs:\n  - {name: x, partition: cpu, memoryPerNodeMB: 1, runtime: 1m, "
                + extra + "}\n").getBytes(StandardCharsets.UTF_8));
    }
}
