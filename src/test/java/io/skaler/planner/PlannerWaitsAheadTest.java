package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.idleNode;
import static io.skaler.planner.Fixtures.job;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.ExcludedJob;
import io.skaler.model.Plan;
import io.skaler.model.Reservation;
import io.skaler.model.RunningJob;
import io.skaler.model.Snapshot;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Jobs that wait for a reservation's start or for running jobs to end: counted ahead within the look-ahead when
 * nothing else holds them and more nodes can serve them, else excluded saying when or why not.
 */
class PlannerWaitsAheadTest {
    static final Instant START = PlannerAnticipationTest.BEGIN; // 30 minutes after NOW
    static final Instant FIVE_BEFORE = START.minus(Duration.ofMinutes(5));
    static final Policy GPU = PlannerAnticipationTest.gpu(nodeSetPolicy("gpu-h100", h100()));

    static Reservation reservation(String name, Instant start, String... nodes) {
        return new Reservation(name, start.getEpochSecond(), start.plus(Duration.ofHours(1)).getEpochSecond(),
                List.of(nodes), nodes.length, "", List.of("alice"), List.of(), Set.of("SPEC_NODES"));
    }

    static RunningJob running(long id, Instant end) {
        return new RunningJob(id, NOW.minus(Duration.ofMinutes(10)).getEpochSecond(), end.getEpochSecond());
    }

    static Fixtures.JobBuilder gpuJob(long id) {
        return job(id).gresPerNode("gpu", 8);
    }

    @Test
    void aJobWaitingForAReservationOnPlaceholderNodesCountsFiveMinutesBeforeItsStartNotThirty() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .reservations(reservation("maint", START, "gpu-h100-0"))
                .jobs(gpuJob(7).reservation("maint").blocked("Reservation"))
                .build();

        Plan early = Planner.plan(s, GPU, NOW);
        assertThat(early.excludedJobs()).containsExactly(new ExcludedJob(7, "eligible at 2026-11-25T12:30:00Z when"
                + " reservation maint starts, on placeholder node(s) gpu-h100-0 (in 30m; beyond look-ahead 10m)"));
        assertThat(early.targets().get(0).desired()).isZero();

        Plan late = Planner.plan(s, GPU, FIVE_BEFORE);
        assertThat(late.excludedJobs()).isEmpty();
        assertThat(late.targets().get(0).desired()).isEqualTo(1);
        assertThat(late.anticipatedJobs()).singleElement().satisfies(a -> {
            assertThat(a.eligibleAt()).isEqualTo(START);
            assertThat(a.waitsFor()).isEqualTo("reservation maint starts, on placeholder node(s) gpu-h100-0");
        });
        assertThat(late.targets().get(0).reasons()).contains("job 7 counted ahead: eligible at 2026-11-25T12:30:00Z"
                + " (reservation maint starts, on placeholder node(s) gpu-h100-0), within look-ahead 10m of NodeSet"
                + " slurm/gpu-h100; boot time 10m (policy estimate)");
    }

    @Test
    void aReservationOnNamedNodesThatExistIsServedByThemNotByNewNodes() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 1))
                .nodes(idleNode("gpu-h100-0", h100(), NOW))
                .reservations(reservation("team", START, "gpu-h100-0"))
                .jobs(gpuJob(7).reservation("team").blocked("Reservation"))
                .build();
        Plan plan = Planner.plan(s, GPU, FIVE_BEFORE);
        assertThat(plan.excludedJobs()).containsExactly(new ExcludedJob(7, "runs only on the nodes of reservation team"
                + " (gpu-h100-0, from 2026-11-25T12:30:00Z), which exist: more nodes would not serve it"));
        assertThat(plan.anticipatedJobs()).isEmpty();
        assertThat(plan.targets().get(0).desired()).as("no node added for it").isLessThanOrEqualTo(1);
    }

    @Test
    void aReservationAlreadyStartedOnExistingNodesExcludesItsJobsEvenWhenSlurmSaysResources() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 1))
                .nodes(Fixtures.busyNode("gpu-h100-0", h100()))
                .reservations(reservation("team", NOW.minus(Duration.ofMinutes(5)), "gpu-h100-0"))
                .jobs(gpuJob(7).reservation("team"))
                .build();
        Plan plan = Planner.plan(s, GPU, NOW);
        assertThat(plan.excludedJobs()).containsExactly(new ExcludedJob(7, "runs only on the nodes of reservation team"
                + " (gpu-h100-0), which exist: more nodes would not serve it"));
        assertThat(plan.targets().get(0).desired()).isEqualTo(1);
    }

    @Test
    void aReservationAlreadyStartedOnPlaceholdersLeavesItToSlurmsReason() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .reservations(reservation("maint", NOW.minus(Duration.ofMinutes(5)), "gpu-h100-0"))
                .jobs(gpuJob(7).reservation("maint"))
                .build();
        Plan plan = Planner.plan(s, GPU, NOW);
        assertThat(plan.excludedJobs()).isEmpty();
        assertThat(plan.anticipatedJobs()).as("eligible now, not ahead").isEmpty();
        assertThat(plan.targets().get(0).desired()).isEqualTo(1);
    }

    @Test
    void aReservationSlurmDoesNotListKeepsItsJobOut() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(gpuJob(7).reservation("gone").blocked("Reservation"))
                .build();
        assertThat(Planner.plan(s, GPU, NOW).excludedJobs()).containsExactly(new ExcludedJob(7, "waits for"
                + " reservation gone, which Slurm does not list (deleted, or hidden from skaler's user by"
                + " PrivateData=reservations)"));
    }

    @Test
    void aJobDependingOnRunningJobsCountsAtTheLatestEnd() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .running(running(3, START.minus(Duration.ofMinutes(20))), running(4, START))
                .jobs(gpuJob(8).dependency("afterok:3(unfulfilled),afterany:4(unfulfilled)"))
                .build();

        Plan early = Planner.plan(s, GPU, NOW);
        assertThat(early.excludedJobs()).containsExactly(new ExcludedJob(8, "eligible at 2026-11-25T12:30:00Z when"
                + " job 3 ends, job 4 ends (in 30m; beyond look-ahead 10m)"));
        assertThat(early.targets().get(0).desired()).isZero();

        Plan late = Planner.plan(s, GPU, FIVE_BEFORE);
        assertThat(late.excludedJobs()).isEmpty();
        assertThat(late.targets().get(0).desired()).isEqualTo(1);
        assertThat(late.anticipatedJobs()).singleElement().satisfies(a -> {
            assertThat(a.eligibleAt()).isEqualTo(START);
            assertThat(a.reason()).contains("eligible at 2026-11-25T12:30:00Z (job 3 ends, job 4 ends)");
        });
    }

    @Test
    void aDependencyOnARunningAndAPendingJobStaysExcluded() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .running(running(3, START))
                .jobs(gpuJob(4).blocked("Priority"),
                        gpuJob(8).dependency("afterany:3(unfulfilled),afterany:4(unfulfilled)"))
                .build();
        assertThat(Planner.plan(s, GPU, FIVE_BEFORE).excludedJobs()).contains(new ExcludedJob(8, "dependency"
                + " afterany:3(unfulfilled),afterany:4(unfulfilled) (job 4 has not started)"));
    }

    @Test
    void aRunningJobWithoutATimeLimitHasNoEndToAnticipate() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .running(new RunningJob(3, NOW.getEpochSecond(), 0))
                .jobs(gpuJob(8).dependency("afterok:3(unfulfilled)"))
                .build();
        Plan plan = Planner.plan(s, GPU, FIVE_BEFORE);
        assertThat(plan.excludedJobs()).containsExactly(new ExcludedJob(8, "dependency afterok:3(unfulfilled)"
                + " (job 3 runs without a time limit: its end is unknown)"));
        assertThat(plan.anticipatedJobs()).isEmpty();
    }

    @Test
    void singletonAfternotokAnyOfAndUnknownJobsAreNotAnticipated() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .running(running(3, START))
                .jobs(gpuJob(8).dependency("singleton(unfulfilled)"),
                        gpuJob(9).dependency("afternotok:3(unfulfilled)"),
                        gpuJob(10).dependency("afterok:3(unfulfilled)?afterok:5(unfulfilled)"),
                        gpuJob(11).dependency("afterok:99(unfulfilled)"))
                .build();
        assertThat(Planner.plan(s, GPU, FIVE_BEFORE).excludedJobs()).containsExactly(
                new ExcludedJob(8, "dependency singleton(unfulfilled) (singleton is not counted ahead)"),
                new ExcludedJob(9, "dependency afternotok:3(unfulfilled) (afternotok:3 runs only if job 3 fails:"
                        + " not counted ahead)"),
                new ExcludedJob(10, "dependency afterok:3(unfulfilled)?afterok:5(unfulfilled) (any-of dependencies"
                        + " (?) are not counted ahead)"),
                new ExcludedJob(11, "dependency afterok:99(unfulfilled) (job 99 is not known to run)"));
    }

    @Test
    void aHeldJobWithADependencyIsNotCountedAhead() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .running(running(3, START))
                .job(job(8).gresPerNode("gpu", 8).dependency("afterok:3(unfulfilled)").blocked("JobHeldUser").build())
                .build();
        assertThat(Planner.plan(s, GPU, FIVE_BEFORE).excludedJobs()).containsExactly(new ExcludedJob(8,
                "eligible at 2026-11-25T12:30:00Z when job 3 ends (in 5m; also held by JobHeldUser)"));
    }
}
