package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code sbatch --dependency=afterok:ID}: docs/upstream.md, "a job with an unfulfilled dependency has eligible_time 0"
 * and Slurm's {@code job_independent} / {@code test_job_dependency} (slurm-26-05-3-1).
 */
class SimulatedSlurmAfterOkTest {
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());

    @Test
    void aDependentWaitsWithReasonDependencyAndNoEligibleTimeUntilItsJobCompletesThenRunsEligibleFromThen() {
        slurm.registerNode("gpu-h100-0", "");
        slurm.registerNode("gpu-h100-1", "");
        long first = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(10)));
        long second = slurm.submitAfterOk(Jobs.gpu(1, 8, Duration.ofMinutes(10)), first);
        var submitted = slurm.findJob(second).orElseThrow();
        assertThat(submitted.reason()).isEqualTo("ReqNodeNotAvail");
        assertThat(submitted.afterOk().served()).isEqualTo("afterok:" + first + "(unfulfilled)");
        assertThat(submitted.eligibleTime()).isZero();

        clock.advanceBy(Duration.ofSeconds(5));
        assertThat(slurm.findJob(first).orElseThrow().running()).isTrue();
        var waiting = slurm.findJob(second).orElseThrow();
        assertThat(waiting.reason()).as("named by the next pass").isEqualTo("Dependency");
        assertThat(waiting.pending()).as("an idle node is there, still it waits").isTrue();

        clock.advanceBy(Duration.ofMinutes(9).plusSeconds(50)); // the first ends at T0 + 10m + its pass
        assertThat(slurm.findJob(second).orElseThrow().pending()).isTrue();
        clock.advanceBy(Duration.ofSeconds(10));
        var done = slurm.findJob(first).orElseThrow();
        assertThat(done.state()).isEqualTo(SimJob.State.COMPLETED);
        var running = slurm.findJob(second).orElseThrow();
        assertThat(running.running()).isTrue();
        assertThat(running.afterOk().served()).as("Slurm flushes a fulfilled list").isEmpty();
        assertThat(running.eligibleTime()).isGreaterThanOrEqualTo(done.endTime()).isEqualTo(running.startTime());
    }

    @Test
    void releasedItWaitsForResourcesLikeAnyJob() {
        slurm.registerNode("gpu-h100-0", "");
        long first = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(10)));
        long second = slurm.submitAfterOk(Jobs.gpu(2, 8, Duration.ofMinutes(10)), first);
        clock.advanceBy(Duration.ofMinutes(11));
        var waiting = slurm.findJob(second).orElseThrow();
        assertThat(waiting.reason()).isEqualTo("Resources");
        assertThat(waiting.eligibleTime()).isBetween(T0.getEpochSecond() + 600, T0.getEpochSecond() + 602);
        assertThat(waiting.afterOk().served()).isEmpty();
    }

    @Test
    void whenItsJobFailsItNeverRunsAndSaysSo() {
        slurm.registerNode("gpu-h100-0", "");
        slurm.registerNode("gpu-h100-1", "");
        long first = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(10)));
        long second = slurm.submitAfterOk(Jobs.small(Duration.ofMinutes(1)), first);
        clock.advanceBy(Duration.ofSeconds(5));
        String node = slurm.findJob(first).orElseThrow().nodes().get(0);
        slurm.unregisterNode(node); // the first ends NODE_FAIL
        clock.advanceBy(Duration.ofMinutes(30));
        var never = slurm.findJob(second).orElseThrow();
        assertThat(never.pending()).isTrue();
        assertThat(never.reason()).isEqualTo("DependencyNeverSatisfied");
        assertThat(never.afterOk().served()).isEqualTo("afterok:" + first + "(failed)");
        assertThat(never.eligibleTime()).isZero();
        var cpu = Jobs.cluster().get(1);
        assertThat(DemandEstimate.of(slurm.state(), cpu, 0).neededNodes()).as("it needs nothing").isZero();
        assertThat(DemandEstimate.of(slurm.state(), cpu, 0).awaitingNodes()).isZero();
    }

    @Test
    void demandCountsADependentApartUntilItIsReleased() {
        slurm.registerNode("gpu-h100-0", "");
        long first = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(10)));
        slurm.submitAfterOk(Jobs.gpu(1, 8, Duration.ofMinutes(10)), first);
        clock.advanceBy(Duration.ofSeconds(5));
        var gpu = Jobs.cluster().get(0);
        var before = DemandEstimate.of(slurm.state(), gpu, 1);
        assertThat(before.neededNodes()).as("the running one").isEqualTo(1);
        assertThat(before.awaitingNodes()).isEqualTo(1);
    }

    @Test
    void theReplayerSubmitsEachDependentAfterTheJobOfItsIndexAndRefusesOneWhoseJobWasRefused() throws Exception {
        var w = WorkloadFile.parse(new java.io.ByteArrayInputStream(("jobs:\n"
                + "  - {name: prep, partition: cpu, memoryPerNodeMB: 1, runtime: 1m, count: 2, every: 1m}\n"
                + "  - {name: huge, partition: cpu, nodes: 99, memoryPerNodeMB: 1, runtime: 1m}\n"
                + "  - {name: tune, afterOk: prep, partition: cpu, memoryPerNodeMB: 1, runtime: 1m, count: 2,"
                + " every: 1m}\n"
                + "  - {name: never, afterOk: huge, partition: cpu, memoryPerNodeMB: 1, runtime: 1m}\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var replayer = new WorkloadReplayer(slurm, w);
        replayer.schedule(T0);
        clock.advanceBy(Duration.ofSeconds(61));
        assertThat(replayer.done()).isTrue();
        assertThat(replayer.rejected()).as("huge, then the job depending on it").isEqualTo(2);
        var byName = slurm.state().jobs();
        var prep = byName.stream().filter(j -> j.request().name().equals("prep")).map(SimJob::jobId).toList();
        assertThat(byName).filteredOn(j -> j.request().name().equals("tune")).extracting(j -> j.afterOk().on())
                .containsExactlyElementsOf(prep);
    }

    @Test
    void anUnknownJobIsRefusedLikeSbatchDoes() {
        assertThatThrownBy(() -> slurm.submitAfterOk(Jobs.small(Duration.ofMinutes(1)), 4242))
                .hasMessageContaining("Job dependency problem");
    }
}
