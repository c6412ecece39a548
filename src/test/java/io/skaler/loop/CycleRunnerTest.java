package io.skaler.loop;

import io.skaler.metrics.Labels;
import io.skaler.kube.ExecutionContext;
import io.skaler.kube.Leadership;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NodeState;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmSnapshot;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CycleRunnerTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<ExecutionContext> applied = new ArrayList<>();
    private final PolicyHolder policy = new PolicyHolder(text -> new PolicyResult.Valid(
            new Policy(List.of(), Map.of(), text)));

    private Observation<SlurmSnapshot> slurmRead = Observation.fresh(slurmWith(busyNode("gpu-0")), T0);
    private Observation<KubeSnapshot> kubeRead = Observation.fresh(KubeSnapshot.empty(T0), T0);
    private Plan nextPlan = scaleDownPlan(false);
    private boolean leader = true;
    private Duration planTakes = Duration.ZERO;
    private Duration readTakes = Duration.ZERO;
    private Duration parseTakes = Duration.ZERO;

    private CycleRunner runner(boolean dryRun) {
        SlurmSource slurm = new SlurmSource() {
            @Override
            public Observation<SlurmSnapshot> read() {
                clock.advance(readTakes);
                return slurmRead;
            }

            @Override
            public Duration lastParseTime() {
                return parseTakes;
            }

            @Override
            public Change changedSinceLastRead() {
                return Change.UNCHANGED;
            }
        };
        PlanFunction planner = (snapshot, p, now, budget) -> {
            clock.advance(planTakes);
            return nextPlan;
        };
        PlanApplier applier = (plan, context) -> {
            applied.add(context);
            return new PlanApplier.ApplyReport(List.of("scaled"), List.of(), List.of());
        };
        // the cycle's own timing follows the test clock too, so "the plan took 11 s" needs no sleeping
        return new CycleRunner(slurm, () -> kubeRead, policy, planner, applier, () -> leader, clock,
                () -> clock.instant().toEpochMilli() * 1_000_000L,
                new CycleRunner.Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), dryRun));
    }

    @Test
    void noPolicyMeansNoAction() {
        var outcome = runner(false).run();
        assertThat(outcome.result()).isEqualTo(CycleOutcome.Result.NO_POLICY);
        assertThat(applied).isEmpty();
    }

    @Test
    void freshSourcesArePlannedAndAppliedWithTheBusyNodes() {
        policy.offer("v1", "test", T0);
        var outcome = runner(false).run();
        assertThat(outcome.result()).isEqualTo(CycleOutcome.Result.OK);
        assertThat(outcome.plan()).contains(nextPlan);
        assertThat(applied).singleElement().satisfies(ctx -> {
            assertThat(ctx.dryRun()).isFalse();
            assertThat(ctx.busySlurmNodes()).containsExactly("gpu-0");
        });
        assertThat(outcome.phases()).containsKeys("fetch", "plan", "apply");
    }

    @Test
    void theAnswersStreamedParseIsItsOwnPhaseOutOfFetch() {
        policy.offer("v1", "test", T0);
        readTakes = Duration.ofSeconds(3);
        parseTakes = Duration.ofSeconds(2);
        var outcome = runner(false).run();
        assertThat(outcome.phases()).containsEntry("fetch", Duration.ofSeconds(1))
                .containsEntry("parse", Duration.ofSeconds(2));
        parseTakes = Duration.ofSeconds(5); // never more than the fetch it is part of
        assertThat(runner(false).run().phases()).containsEntry("fetch", Duration.ZERO)
                .containsEntry("parse", Duration.ofSeconds(3));
    }

    @Test
    void unreachableSlurmHoldsCapacity() {
        policy.offer("v1", "test", T0);
        slurmRead = Observation.unavailable(Labels.Source.SLURM, "connection refused");
        var outcome = runner(false).run();
        assertThat(outcome.result()).isEqualTo(CycleOutcome.Result.STALE);
        assertThat(outcome.detail()).contains("slurm", "connection refused", "holding");
        assertThat(applied).isEmpty();
    }

    @Test
    void staleKubernetesViewHoldsCapacity() {
        policy.offer("v1", "test", T0);
        kubeRead = Observation.unavailable(Labels.Source.KUBERNETES, "watch on nodesets broken, not resynced");
        assertThat(runner(false).run().result()).isEqualTo(CycleOutcome.Result.STALE);
        assertThat(applied).isEmpty();
    }

    @Test
    void followerPlansButNeverWrites() {
        policy.offer("v1", "test", T0);
        leader = false;
        var outcome = runner(false).run();
        assertThat(outcome.result()).isEqualTo(CycleOutcome.Result.FOLLOWER);
        assertThat(outcome.plan()).isPresent();
        assertThat(applied).isEmpty();
    }

    @Test
    void cycleOutOfTimeWritesNothing() {
        policy.offer("v1", "test", T0);
        planTakes = Duration.ofSeconds(11);
        var outcome = runner(false).run();
        assertThat(outcome.result()).isEqualTo(CycleOutcome.Result.TIMEOUT);
        assertThat(applied).isEmpty();
    }

    @Test
    void dryRunIsPassedToTheApplier() {
        policy.offer("v1", "test", T0);
        var outcome = runner(true).run();
        assertThat(applied).singleElement().satisfies(ctx -> assertThat(ctx.dryRun()).isTrue());
        assertThat(outcome.detail()).startsWith("dry-run");
    }

    @Test
    void partialPlanIsReportedAsPartial() {
        policy.offer("v1", "test", T0);
        nextPlan = scaleDownPlan(true);
        assertThat(runner(false).run().result()).isEqualTo(CycleOutcome.Result.PARTIAL);
    }

    @Test
    void anUnexpectedErrorIsAnOutcomeNotAnException() {
        policy.offer("v1", "test", T0);
        nextPlan = null;
        var runner = new CycleRunner(new SlurmSource() {
            @Override
            public Observation<SlurmSnapshot> read() {
                throw new IllegalStateException("boom");
            }

            @Override
            public Change changedSinceLastRead() {
                return Change.FAILED;
            }
        }, () -> kubeRead, policy, (s, p, n, b) -> null, (p, c) -> PlanApplier.ApplyReport.nothing(),
                Leadership.ALWAYS, clock, new CycleRunner.Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), false));
        var outcome = runner.run();
        assertThat(outcome.result()).isEqualTo(CycleOutcome.Result.ERROR);
        assertThat(outcome.detail()).contains("boom");
    }

    private static Plan scaleDownPlan(boolean partial) {
        var target = new NodeSetTarget(new ObjectRef("slurm", "gpu"), "gpu", 3, 2, NodeSetTarget.Action.SCALE_DOWN,
                List.of("gpu-2"), List.of("idle"));
        return new Plan(T0, List.of(target), List.of(), List.of(), List.of(), partial, List.of());
    }

    static SlurmSnapshot slurmWith(SlurmNode... nodes) {
        return new SlurmSnapshot(List.of(), List.of(nodes), List.of(), "v0.0.42", T0);
    }

    static SlurmNode busyNode(String name) {
        return new SlurmNode(name, new NodeState("ALLOCATED", Set.of()), List.of("gpu"), List.of(), 96, 96, 1000, 10,
                Gres.NONE, Gres.NONE, "", "", 0, 0, "");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
