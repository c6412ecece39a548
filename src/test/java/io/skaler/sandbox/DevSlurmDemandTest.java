package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The node need of a {@code --slurm-url} run, from Slurm's records of its jobs (a fake state here) and the requests
 * they were submitted from, as {@link DemandEstimate} computes it on the simulated Slurm.
 */
class DevSlurmDemandTest {
    private static final SandboxNodeSet GPU = Scenario.load(Scenario.DEV_SLURM).nodeSets().get(0); // 4 x 8 H100
    private static final String PREFIX = "gpu-h100-";

    private static JobRequest gpus(int nodes, int gpusPerNode, int array, int throttle, boolean hold) {
        return new JobRequest("j", "alice", List.of("gpu-h100"), nodes, nodes, 1, 1024,
                Gres.of("gpu:h100", gpusPerNode), Gres.NONE, Gres.NONE, false, "", array, throttle,
                Duration.ofSeconds(10), Duration.ofMinutes(1), 0, hold);
    }

    static final long NOW = 1_700_000_600L;

    private static DevSlurmJobs.Job pending(long id, String reason, String arrayTasks) {
        return pending(id, reason, arrayTasks, NOW - 60);
    }

    private static DevSlurmJobs.Job pending(long id, String reason, String arrayTasks, long eligibleTime) {
        return new DevSlurmJobs.Job(id, arrayTasks.isEmpty() ? 0 : id, -1, "gpu-h100", List.of("PENDING"), 0, 0,
                reason, arrayTasks, eligibleTime);
    }

    private static DevSlurmJobs.Job runningTask(long id, long arrayJobId, int task) {
        return new DevSlurmJobs.Job(id, arrayJobId, task, "gpu-h100", List.of("RUNNING"), 1_700_000_000L, 0, "None",
                "", 1_700_000_000L);
    }

    @Test
    void aTwoNodeJobAndAnArrayOfQuarterNodesNeedThreeNodes() {
        var records = List.of(pending(10, "Resources", ""), pending(11, "Resources", "0-3"));
        var requests = Map.of(10L, gpus(2, 8, 0, 0, false), 11L, gpus(1, 2, 4, 0, false));
        assertThat(DevSlurmDemand.need(GPU, PREFIX, records, requests, Map.of(), NOW)).isEqualTo(3);
    }

    @Test
    void busyNodesOfTheNodeSetCountAndOthersDoNot() {
        var records = List.of(pending(10, "Resources", ""));
        var requests = Map.of(10L, gpus(1, 8, 0, 0, false));
        var nodes = Map.of("gpu-h100-0", List.of("ALLOCATED"), "gpu-h100-1", List.of("IDLE"),
                "trn1-0", List.of("ALLOCATED"), "gpu-h100-2", List.of("MIXED"));
        assertThat(DevSlurmDemand.need(GPU, PREFIX, records, requests, nodes, NOW)).isEqualTo(3);
    }

    @Test
    void heldJobsNeedNothingWhetherSubmittedHeldOrHeldSince() {
        var records = List.of(pending(10, "JobHeldUser", ""), pending(12, "JobHeldAdmin", ""));
        var requests = Map.of(10L, gpus(2, 8, 0, 0, true), 12L, gpus(2, 8, 0, 0, false));
        assertThat(DevSlurmDemand.need(GPU, PREFIX, records, requests, Map.of(), NOW)).isZero();
    }

    @Test
    void anArrayCountsTheTasksItsThrottleLetsRunBesideTheRunningOnes() {
        // 8-GPU tasks, throttle 3, one task running: two more may start, whatever is still pending
        var records = List.of(pending(20, "JobArrayTaskLimit", "1-5%3"), runningTask(21, 20, 0));
        var requests = Map.of(20L, gpus(1, 8, 6, 3, false));
        var nodes = Map.of("gpu-h100-0", List.of("ALLOCATED"));
        assertThat(DevSlurmDemand.need(GPU, PREFIX, records, requests, nodes, NOW)).isEqualTo(1 + 2);
    }

    @Test
    void jobsThatAreNotTheRunsAndOtherPartitionsAreNotCounted() {
        var records = List.of(pending(30, "Resources", ""), new DevSlurmJobs.Job(31, 0, -1, "trn1",
                List.of("PENDING"), 0, 0, "Resources", "", NOW - 60));
        var requests = Map.of(31L, gpus(1, 8, 0, 0, false)); // 30 is not the run's (a backlog job)
        assertThat(DevSlurmDemand.need(GPU, PREFIX, records, requests, Map.of(), NOW)).isZero();
    }

    @Test
    void jobsNotEligibleYetNeedNothingYet() {
        var requests = Map.of(50L, gpus(1, 8, 0, 0, false), 51L, gpus(1, 8, 0, 0, false));
        // --begin 10 minutes out (Slurm shows the begin time as eligible_time); afterok unfulfilled (eligible_time 0)
        var waiting = List.of(pending(50, "BeginTime", "", NOW + 600), pending(51, "Dependency", "", 0));
        assertThat(DevSlurmDemand.need(GPU, PREFIX, waiting, requests, Map.of(), NOW)).isZero();
        var eligible = List.of(pending(50, "Resources", "", NOW), pending(51, "Resources", "", NOW - 5));
        assertThat(DevSlurmDemand.need(GPU, PREFIX, eligible, requests, Map.of(), NOW)).isEqualTo(2);
    }

    @Test
    void theNeedIsCappedAtTheNodeSetsSize() {
        var records = List.of(pending(40, "Resources", ""));
        var requests = Map.of(40L, gpus(1, 8, 0, 0, false));
        var array = List.of(pending(41, "Resources", "0-9"));
        assertThat(DevSlurmDemand.need(GPU, PREFIX, array, Map.of(41L, gpus(1, 8, 10, 0, false)), Map.of(), NOW))
                .isEqualTo(GPU.maxNodes());
        assertThat(DevSlurmDemand.need(GPU, PREFIX, records, requests, Map.of(), NOW)).isEqualTo(1);
    }

    @Test
    void theReportMeasuresSubmitToScaleFromAGivenNeed() {
        var report = new SandboxReport("skaler", SandboxReport.LatencyClock.WALL, List.of(GPU));
        report.submitted(10, List.of("gpu-h100"), 100, 1_000_000_000L);
        report.submitted(11, List.of("gpu-h100"), 100, 1_000_000_000L);
        report.assessNeeds(ns -> 3);
        report.scaled(GPU.name(), 0, 2, java.time.Instant.ofEpochSecond(101), 1_500_000_000L);
        assertThat(report.summary(0).submitToScaleJobs()).as("+2 does not meet a need of 3").isZero();
        report.scaled(GPU.name(), 2, 3, java.time.Instant.ofEpochSecond(102), 3_000_000_000L);
        var summary = report.summary(0);
        assertThat(summary.submitToScaleJobs()).isEqualTo(2);
        assertThat(summary.submitToScaleUnanswered()).isZero();
        assertThat(summary.submitToScaleP50Seconds()).isEqualTo(2.0);
    }
}
