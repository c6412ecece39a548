package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxReportTest {
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());
    final SandboxReport report = new SandboxReport("test", SandboxReport.LatencyClock.VIRTUAL, Jobs.cluster());

    SandboxReportTest() {
        slurm.addListener(report);
    }

    @Test
    void firstScaleUpTimesJobsThatWaitedForAScaleUpAndSkipsJobsThatRanOnCapacityAlreadyThere() {
        slurm.registerNode("cpu-0", "");
        slurm.submit(Jobs.small(Duration.ofMinutes(5))); // runs at once on cpu-0: not timed
        clock.advanceBy(Duration.ofSeconds(2));
        slurm.submit(Jobs.gpu(2, 8, Duration.ofMinutes(5)));
        clock.advanceBy(Duration.ofSeconds(10));
        slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(5)));
        clock.advanceBy(Duration.ofSeconds(20));
        report.scaled("gpu-h100", 0, 3, clock.now(), System.nanoTime()); // 30 s and 20 s after them
        report.scaled("gpu-h100", 3, 2, clock.now(), System.nanoTime()); // scale-down: not a scale-up
        var s = report.summary(0);
        assertThat(s.firstScaleUpJobs()).isEqualTo(2);
        assertThat(s.scaleUps()).isEqualTo(1);
        assertThat(s.firstScaleUpP99Seconds()).isBetween(29.9, 30.1);
        assertThat(s.firstScaleUpP50Seconds()).isBetween(19.9, 20.1);
        assertThat(s.reactionP50Seconds()).as("once per scale-up: the oldest").isBetween(29.9, 30.1);
        assertThat(s.jobsRun()).isEqualTo(1);
    }

    @Test
    void aBurstAnsweredByAPlusOneStepThenAFullStepCountsAtTheFullStep() {
        for (int i = 0; i < 3; i++) {
            slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(5))); // a whole H100 node each: need 3
        }
        report.assessNeeds(slurm::state);
        clock.advanceBy(Duration.ofSeconds(15));
        report.scaled("gpu-h100", 0, 1, clock.now(), System.nanoTime()); // +1: the first scale-up, not the answer
        clock.advanceBy(Duration.ofSeconds(15));
        report.scaled("gpu-h100", 1, 3, clock.now(), System.nanoTime());
        var s = report.summary(0);
        assertThat(s.submitToScaleJobs()).isEqualTo(3);
        assertThat(s.submitToScaleP50Seconds()).isBetween(29.9, 30.1);
        assertThat(s.submitToScaleP99Seconds()).isBetween(29.9, 30.1);
        assertThat(s.submitToScaleUnanswered()).isZero();
        assertThat(s.firstScaleUpJobs()).as("the old measure counts the +1 step").isEqualTo(3);
        assertThat(s.firstScaleUpP50Seconds()).isBetween(14.9, 15.1);
    }

    @Test
    void aJobWhoseNeedWasAlreadyCoveredIsNotCounted() {
        report.scaled("gpu-h100", 0, 2, clock.now(), System.nanoTime()); // asked for, nodes not booted yet
        clock.advanceBy(Duration.ofSeconds(5));
        slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(5))); // needs 1 of the 2 asked for
        report.assessNeeds(slurm::state);
        clock.advanceBy(Duration.ofSeconds(10));
        report.scaled("gpu-h100", 2, 3, clock.now(), System.nanoTime());
        var s = report.summary(0);
        assertThat(s.submitToScaleJobs()).isZero();
        assertThat(s.submitToScaleUnanswered()).isZero();
        assertThat(s.firstScaleUpJobs()).as("the old measure times it to the next scale-up").isEqualTo(1);
    }

    @Test
    void maxReplicasCapsTheNeed() {
        for (int i = 0; i < 10; i++) {
            slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(5))); // need 10 nodes, the NodeSet has 8
        }
        report.assessNeeds(slurm::state);
        clock.advanceBy(Duration.ofSeconds(4));
        report.scaled("gpu-h100", 0, 8, clock.now(), System.nanoTime());
        var s = report.summary(0);
        assertThat(s.submitToScaleJobs()).isEqualTo(10);
        assertThat(s.submitToScaleP99Seconds()).isBetween(3.9, 4.1);
        assertThat(s.submitToScaleUnanswered()).isZero();
    }

    @Test
    void aScaleUpBeforeTheStepsAssessmentStillAnswersAndATooSmallAnswerIsLeftUnanswered() {
        slurm.submit(Jobs.gpu(2, 8, Duration.ofMinutes(5))); // 2 whole nodes
        slurm.submit(Jobs.small(Duration.ofMinutes(5))); // cpu: 1 node
        clock.advanceBy(Duration.ofSeconds(3));
        report.scaled("cpu", 0, 1, clock.now(), System.nanoTime()); // before the assessment, as a watch may be
        report.scaled("gpu-h100", 0, 1, clock.now(), System.nanoTime()); // one replica for a 2-node job
        report.assessNeeds(slurm::state);
        var s = report.summary(0);
        assertThat(s.submitToScaleJobs()).isEqualTo(1);
        assertThat(s.submitToScaleP50Seconds()).isBetween(2.9, 3.1);
        assertThat(s.submitToScaleUnanswered()).isEqualTo(1);
        assertThat(s.firstScaleUpJobs()).isEqualTo(2);
    }

    @Test
    void nodeHoursIntegrateSamplesAndCountOnlyAcceleratorsAsGpu() {
        long t = T0.getEpochSecond();
        report.sample(new Sample(t, Map.of("gpu-h100", new Sample.Counts(2, 4, 1, 3, true),
                "cpu", new Sample.Counts(3, 1, 1, 5, false))));
        report.sample(new Sample(t + 1800, Map.of("gpu-h100", new Sample.Counts(0, 0, 0, 0, true),
                "cpu", new Sample.Counts(0, 0, 0, 0, false))));
        var s = report.summary(0);
        assertThat(s.gpuNodeHoursProvisioned()).isEqualTo(2.0);
        assertThat(s.gpuNodeHoursBusy()).isEqualTo(0.5);
        assertThat(s.overProvisionedNodeHours()).isEqualTo(1.0); // gpu: 4 - 2 for half an hour
        assertThat(s.underProvisionedNodeHours()).isEqualTo(1.0); // cpu: 3 - 1 for half an hour
        assertThat(s.virtualHours()).isEqualTo(0.5);
        assertThat(report.samples()).hasSize(2);
        assertThat(HtmlReport.render(s, List.copyOf(report.samples()))).contains("<h2>gpu-h100</h2>");
    }

    @Test
    void aBeginJobIsTimedFromItsEligibleTimeApartFromTheRestAndIdleNodesAheadOfItAreCounted() {
        long t = T0.getEpochSecond();
        slurm.submit(Jobs.begin(Jobs.gpu(1, 8, Duration.ofMinutes(10)), Duration.ofMinutes(20)));
        slurm.registerNode("cpu-0", "");
        slurm.submit(Jobs.small(Duration.ofMinutes(5)));
        // one node up 10 minutes before the begin job's time, nothing else needed there: idle ahead of it
        report.sample(new Sample(t, Map.of("gpu-h100", new Sample.Counts(0, 1, 0, 0, true, 1))));
        report.sample(new Sample(t + 600, Map.of("gpu-h100", new Sample.Counts(1, 1, 0, 1, true, 0))));
        clock.advanceBy(Duration.ofMinutes(20).plusSeconds(30));
        slurm.registerNode("gpu-h100-0", ""); // 30 s after its eligible time

        clock.advanceBy(Duration.ofSeconds(5));
        var s = report.summary(0);
        assertThat(s.jobsRun()).isEqualTo(2);
        assertThat(s.waitAtEligibilityJobs()).isEqualTo(1);
        assertThat(s.waitAtEligibilityP50Seconds()).isBetween(30.0, 31.0);
        assertThat(s.meanWaitSeconds()).as("the small job only, not the 20 minutes before --begin").isLessThan(5);
        assertThat(s.firstScaleUpJobs()).as("nothing owed to a job before its time").isZero();
        assertThat(s.idleAheadNodeHours()).isEqualTo(round(600 / 3600.0));
        assertThat(s.waitByPartition()).as("the rest of the workload by partition: the small cpu job only")
                .containsOnlyKeys("cpu").extractingByKey("cpu").satisfies(w -> assertThat(w.jobs()).isEqualTo(1));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
