package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skaler.model.Gres;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedSlurmTest {
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());

    @Test
    void multiNodeJobWaitsUntilEnoughNodesRegisterThenRunsForItsRuntime() {
        long id = slurm.submit(Jobs.gpu(2, 8, Duration.ofMinutes(30)));
        clock.advanceBy(Duration.ofSeconds(5));
        var pending = slurm.findJob(id).orElseThrow();
        assertThat(pending.state()).isEqualTo(SimJob.State.PENDING);
        assertThat(pending.reason()).isEqualTo("Resources");
        assertThat(pending.reasonDescription()).startsWith("Nodes required for job are DOWN");

        slurm.registerNode("gpu-h100-0", "");
        clock.advanceBy(Duration.ofSeconds(5));
        assertThat(slurm.findJob(id).orElseThrow().pending()).as("one node is not enough").isTrue();

        slurm.registerNode("gpu-h100-1", "");
        clock.advanceBy(Duration.ofSeconds(5));
        var running = slurm.findJob(id).orElseThrow();
        assertThat(running.state()).isEqualTo(SimJob.State.RUNNING);
        assertThat(running.nodes()).containsExactly("gpu-h100-0", "gpu-h100-1");
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().stateFlags()).containsExactly("MIXED");
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().gresUsed()).isEqualTo(Gres.of("gpu:h100", 8));

        clock.advanceBy(Duration.ofMinutes(31));
        var done = slurm.findJob(id).orElseThrow();
        assertThat(done.state()).isEqualTo(SimJob.State.COMPLETED);
        assertThat(done.endTime() - done.startTime()).isEqualTo(1800);
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().stateFlags()).containsExactly("IDLE");
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().lastBusy()).isEqualTo(done.endTime());
    }

    @Test
    void jobsBehindABlockedJobWaitWithReasonPriority() {
        slurm.registerNode("gpu-h100-0", "");
        long big = slurm.submit(Jobs.gpu(2, 8, Duration.ofMinutes(10)));
        long small = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(10)));
        clock.advanceBy(Duration.ofSeconds(2));
        assertThat(slurm.findJob(big).orElseThrow().reason()).isEqualTo("Resources");
        assertThat(slurm.findJob(small).orElseThrow().reason()).isEqualTo("Priority");
        assertThat(slurm.findJob(small).orElseThrow().pending()).as("no backfill").isTrue();
    }

    @Test
    void throttledArrayRunsAtMostNTasksEachWithItsOwnJobId() {
        slurm.registerNode("gpu-h100-0", "");
        slurm.registerNode("gpu-h100-1", "");
        long id = slurm.submit(Jobs.array(10, 4, Duration.ofMinutes(5)));
        clock.advanceBy(Duration.ofSeconds(2));
        var state = slurm.state();
        var running = state.jobs().stream().filter(SimJob::running).toList();
        assertThat(running).hasSize(4).allMatch(j -> j.arrayJobId() == id);
        assertThat(running).extracting(SimJob::arrayTaskId).containsExactly(0, 1, 2, 3);
        assertThat(running).extracting(SimJob::jobId).doesNotContain(id);
        var record = slurm.findJob(id).orElseThrow();
        assertThat(record.pendingTasks().format(4)).isEqualTo("4-9%4");
        assertThat(record.reason()).isEqualTo("JobArrayTaskLimit");

        clock.advanceBy(Duration.ofMinutes(16)); // three waves of 5 minutes; purged only 5 minutes after the end
        var last = slurm.findJob(id).orElseThrow();
        assertThat(last.arrayTaskId()).as("the last task keeps the array's id").isEqualTo(9);
        assertThat(last.state()).isEqualTo(SimJob.State.COMPLETED);
    }

    @Test
    void drainedBusyNodeFinishesItsJobTakesNoNewOneAndThenCountsAsDrained() {
        slurm.registerNode("cpu-0", "");
        long first = slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        clock.advanceBy(Duration.ofSeconds(2));
        slurm.drain("cpu-0", "scale-in", "slurm");
        long second = slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        clock.advanceBy(Duration.ofSeconds(2));
        assertThat(slurm.findNode("cpu-0").orElseThrow().stateFlags()).containsExactly("MIXED", "DRAIN");
        assertThat(slurm.isDrained("cpu-0")).isFalse();
        assertThat(slurm.findJob(second).orElseThrow().pending()).isTrue();
        assertThatThrownBy(() -> slurm.setFuture("cpu-0")).hasMessageContaining("drain it first");

        clock.advanceBy(Duration.ofMinutes(11));
        assertThat(slurm.findJob(first).orElseThrow().state()).isEqualTo(SimJob.State.COMPLETED);
        assertThat(slurm.isDrained("cpu-0")).isTrue();
        slurm.setFuture("cpu-0");
        assertThat(slurm.findNode("cpu-0").orElseThrow().stateFlags()).containsExactly("FUTURE");
        assertThat(slurm.jobsKilled()).isZero();
    }

    @Test
    void removingABusyNodeEndsItsJobsNodeFailAndCountsThem() {
        slurm.registerNode("cpu-0", "");
        long id = slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        clock.advanceBy(Duration.ofSeconds(2));
        slurm.unregisterNode("cpu-0");
        assertThat(slurm.findJob(id).orElseThrow().state()).isEqualTo(SimJob.State.NODE_FAIL);
        assertThat(slurm.jobsKilled()).isEqualTo(1);
    }

    @Test
    void smallJobsPackOntoANodeByCpus() {
        slurm.registerNode("cpu-0", "");
        for (int i = 0; i < 70; i++) {
            slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        }
        clock.advanceBy(Duration.ofSeconds(2));
        assertThat(slurm.runningCount()).isEqualTo(64);
        assertThat(slurm.findNode("cpu-0").orElseThrow().stateFlags()).containsExactly("ALLOCATED");
    }

    @Test
    void impossibleJobIsRejectedAtSubmit() {
        var tooBig = Jobs.gpu(1, 16, Duration.ofMinutes(1));
        assertThatThrownBy(() -> slurm.submit(tooBig)).hasMessageContaining("Requested node configuration");
        var tooMany = Jobs.gpu(9, 8, Duration.ofMinutes(1));
        assertThatThrownBy(() -> slurm.submit(tooMany)).hasMessageContaining("Requested node configuration");
    }

    @Test
    void endedJobsLeaveTheListAfterMinJobAge() {
        slurm.registerNode("cpu-0", "");
        long id = slurm.submit(Jobs.small(Duration.ofMinutes(1)));
        clock.advanceBy(Duration.ofMinutes(2));
        assertThat(slurm.findJob(id)).isPresent();
        clock.advanceBy(Duration.ofMinutes(5));
        assertThat(slurm.findJob(id)).isEmpty();
        assertThat(List.of(slurm.state().jobs())).containsExactly(List.of());
    }
}
