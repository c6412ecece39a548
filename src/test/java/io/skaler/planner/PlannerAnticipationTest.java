package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.job;
import static io.skaler.planner.Fixtures.learned;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.AnticipatedJob;
import io.skaler.model.ExcludedJob;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import io.skaler.model.Snapshot;
import io.skaler.policy.LookAhead;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Jobs counted before they become eligible: within the look-ahead (by default the NodeSet's boot time), and why. */
class PlannerAnticipationTest {
    static final Instant BEGIN = NOW.plus(Duration.ofMinutes(30));
    static final ObjectRef GPU_SET = new ObjectRef(Fixtures.NS, "gpu-h100");

    static Policy gpu(Fixtures.NodeSetBuilder ns) {
        return policy(partition("gpu", ns.max(16)));
    }

    static Snapshot beginJob(io.skaler.model.NodeSetState state) {
        return snapshot().nodeSets(state)
                .jobs(job(7).gresPerNode("gpu", 8).eligibleAt(BEGIN).blocked("BeginTime"),
                        job(8).gresPerNode("gpu", 8))
                .build();
    }

    @Test
    void withTheDefaultPolicyAJobThirtyMinutesOutWaitsAndFiveMinutesBeforeItCounts() {
        Policy p = gpu(nodeSetPolicy("gpu-h100", h100()));
        Snapshot s = beginJob(nodeSet("gpu-h100", 0));

        Plan early = Planner.plan(s, p, NOW);
        assertThat(early.excludedJobs()).containsExactly(new ExcludedJob(7,
                "eligible at 2026-11-25T12:30:00Z (in 30m; beyond look-ahead 10m)"));
        assertThat(early.anticipatedJobs()).isEmpty();
        assertThat(early.targets().get(0).desired()).as("only job 8").isEqualTo(1);

        Plan late = Planner.plan(s, p, BEGIN.minus(Duration.ofMinutes(5)));
        assertThat(late.excludedJobs()).isEmpty();
        assertThat(late.targets().get(0).desired()).isEqualTo(2);
        assertThat(late.targets().get(0).action()).isEqualTo(Action.SCALE_UP);
        var expected = new AnticipatedJob(7, "begin time", BEGIN, GPU_SET, Duration.ofMinutes(10), false,
                Duration.ofMinutes(10), 1);
        assertThat(late.anticipatedJobs()).containsExactly(expected);
        assertThat(late.targets().get(0).reasons()).contains("job 7 counted ahead: eligible at 2026-11-25T12:30:00Z"
                + " (begin time), within look-ahead 10m of NodeSet slurm/gpu-h100; boot time 10m (policy estimate)");
    }

    @Test
    void aLearnedBootTimeSetsTheLookAheadAndTheReasonSaysItWasLearned() {
        Policy p = gpu(nodeSetPolicy("gpu-h100", h100()));
        Snapshot s = beginJob(learned(nodeSet("gpu-h100", 0), Duration.ofMinutes(35)));
        Plan plan = Planner.plan(s, p, NOW);
        assertThat(plan.targets().get(0).desired()).isEqualTo(2);
        assertThat(plan.anticipatedJobs()).singleElement().satisfies(a -> {
            assertThat(a.learned()).isTrue();
            assertThat(a.bootTime()).isEqualTo(Duration.ofMinutes(35));
            assertThat(a.reason()).endsWith("boot time 35m (learned)");
        });
    }

    @Test
    void zeroLookAheadTurnsAnticipationOffAndAFixedOneIgnoresTheBootTime() {
        Snapshot s = beginJob(nodeSet("gpu-h100", 0));
        Instant oneMinuteBefore = BEGIN.minus(Duration.ofMinutes(1));
        Plan off = Planner.plan(s, gpu(nodeSetPolicy("gpu-h100", h100()).lookAhead(LookAhead.OFF)), oneMinuteBefore);
        assertThat(off.excludedJobs()).containsExactly(new ExcludedJob(7,
                "eligible at 2026-11-25T12:30:00Z (in 1m; anticipation off)"));
        assertThat(off.targets().get(0).desired()).isEqualTo(1);

        Plan fixed = Planner.plan(s, gpu(nodeSetPolicy("gpu-h100", h100()).bootTime(Duration.ofMinutes(2))
                .lookAhead(LookAhead.of(Duration.ofMinutes(45)))), NOW);
        assertThat(fixed.anticipatedJobs()).singleElement().satisfies(a -> {
            assertThat(a.lookAhead()).isEqualTo(Duration.ofMinutes(45));
            assertThat(a.bootTime()).isEqualTo(Duration.ofMinutes(2));
        });
        assertThat(fixed.targets().get(0).desired()).isEqualTo(2);
    }

    @Test
    void aJobHeldForAnotherReasonIsNotCountedAheadAndAtItsTimeSlurmsReasonDecides() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(9).gresPerNode("gpu", 8).eligibleAt(BEGIN).blocked("JobHeldUser"))
                .build();
        Policy p = gpu(nodeSetPolicy("gpu-h100", h100()));
        Plan plan = Planner.plan(s, p, BEGIN.minus(Duration.ofMinutes(5)));
        assertThat(plan.excludedJobs()).containsExactly(new ExcludedJob(9, "eligible at 2026-11-25T12:30:00Z"
                + " (Slurm's reason: JobHeldUser) (in 5m; also held by JobHeldUser)"));
        assertThat(plan.anticipatedJobs()).isEmpty();
        assertThat(plan.targets().get(0).desired()).isZero();
    }

    @Test
    void aJobOfAnUnmanagedPartitionKeepsThePlainReason() {
        Snapshot s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(10).partitions("cpu").eligibleAt(BEGIN).blocked("BeginTime"))
                .build();
        Plan plan = Planner.plan(s, gpu(nodeSetPolicy("gpu-h100", h100())), BEGIN.minusSeconds(60));
        assertThat(plan.excludedJobs()).containsExactly(new ExcludedJob(10, "eligible at 2026-11-25T12:30:00Z"));
    }

    @Test
    void anAnticipatedNodeWhoseJobIsGoneFollowsTheNormalScaleInRules() {
        Policy p = gpu(nodeSetPolicy("gpu", h100()));
        var withJob = PlannerScaleInTest.cluster(15).jobs(job(7).gresPerNode("gpu", 8)
                .eligibleAt(NOW.plus(Duration.ofMinutes(4))).blocked("BeginTime"));
        var held = Planner.plan(withJob.build(), p, NOW);
        assertThat(held.targets().get(0).desired()).as("idle past idleFor, yet its job is 4 min away: kept").isEqualTo(1);
        assertThat(held.targets().get(0).action()).isEqualTo(Action.NONE);

        var cancelled = Planner.plan(PlannerScaleInTest.cluster(3).build(), p, NOW);
        assertThat(cancelled.targets().get(0).desired()).as("idle 3 min < idleFor 10m: kept").isEqualTo(1);
        var cancelledLongAgo = Planner.plan(PlannerScaleInTest.cluster(15).build(), p, NOW);
        assertThat(cancelledLongAgo.targets().get(0).action()).isEqualTo(Action.SCALE_DOWN);
        assertThat(cancelledLongAgo.targets().get(0).desired()).isZero();
    }

    @Test
    void thePlanSaysWhenTheNextJobEntersItsLookAheadSoTheLoopCanPlanThen() {
        Policy p = gpu(nodeSetPolicy("gpu-h100", h100()));
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(7).gresPerNode("gpu", 8).eligibleAt(BEGIN).blocked("BeginTime"),
                        job(11).gresPerNode("gpu", 8).eligibleAt(BEGIN.plus(Duration.ofMinutes(20))).blocked("BeginTime"),
                        job(12).gresPerNode("gpu", 8).eligibleAt(NOW.plusSeconds(60)).blocked("JobHeldUser"))
                .build();
        assertThat(Planner.plan(s, p, NOW).nextLookAheadEntry()).as("job 7: 30 min out, look-ahead 10m")
                .contains(BEGIN.minus(Duration.ofMinutes(10)));
        assertThat(Planner.plan(s, p, BEGIN.minus(Duration.ofMinutes(10))).nextLookAheadEntry())
                .as("job 7 counted now; job 11 next, job 12 held by the user never wakes the loop")
                .contains(BEGIN.plus(Duration.ofMinutes(10)));

        var learnedBoot = snapshot().nodeSets(learned(nodeSet("gpu-h100", 0), Duration.ofMinutes(3)))
                .jobs(job(7).gresPerNode("gpu", 8).eligibleAt(BEGIN).blocked("BeginTime")).build();
        assertThat(Planner.plan(learnedBoot, p, NOW).nextLookAheadEntry()).as("the learned boot time sets it")
                .contains(BEGIN.minus(Duration.ofMinutes(3)));
        assertThat(Planner.plan(beginJob(nodeSet("gpu-h100", 0)), gpu(nodeSetPolicy("gpu-h100", h100())
                .lookAhead(LookAhead.OFF)), NOW).nextLookAheadEntry()).as("anticipation off: nothing to wake for")
                .isEmpty();
    }
}
