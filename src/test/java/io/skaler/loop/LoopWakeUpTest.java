package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.Leadership;
import io.skaler.metrics.Labels;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.Plan;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A job beyond its look-ahead makes the loop run a cycle when it comes within it, not at the next resync: the plan says
 * when ({@link Plan#nextLookAheadEntry()}), the engine sets one wake-up on its timer. Time is a hand-moved clock and
 * the timer a list of what was set: nothing here waits.
 */
class LoopWakeUpTest {
    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");

    private final MovableClock clock = new MovableClock(T0);
    private final List<Timer> timers = new ArrayList<>();
    private final TriggerQueue queue = new TriggerQueue(clock, Duration.ZERO, Duration.ZERO);
    private Optional<Instant> nextEntry = Optional.empty();
    private boolean slurmDown;

    /** One wake-up set on the timer: when, what it runs, whether it was cancelled. */
    static final class Timer {
        final Instant at;
        final Runnable action;
        boolean cancelled;

        Timer(Instant at, Runnable action) {
            this.at = at;
            this.action = action;
        }
    }

    private LoopEngine engine() {
        var policies = new PolicyHolder(t -> new PolicyResult.Valid(new Policy(List.of(), Map.of(), t)));
        policies.offer("p", "test", T0);
        SlurmSource slurm = new SlurmSource() {
            @Override
            public Observation<SlurmSnapshot> read() {
                if (slurmDown) {
                    return Observation.unavailable(Labels.Source.SLURM, "HTTP 502");
                }
                return Observation.fresh(SlurmSnapshot.empty(clock.instant()), clock.instant());
            }

            @Override
            public Change changedSinceLastRead() {
                return Change.UNCHANGED;
            }
        };
        KubeSource kube = () -> Observation.fresh(KubeSnapshot.empty(clock.instant()), clock.instant());
        PlanFunction planner = (s, p, now, b) -> new Plan(now, List.of(), List.of(), List.of(), List.of(), false,
                List.of(), List.of(), List.of(), nextEntry);
        var runner = new CycleRunner(slurm, kube, policies, planner, (p, c) -> PlanApplier.ApplyReport.nothing(),
                Leadership.ALWAYS, clock, () -> 0L, new CycleRunner.Settings(Duration.ofSeconds(10),
                        Duration.ofSeconds(1), false));
        WakeUpTimer timer = (at, action) -> {
            var t = new Timer(at, action);
            timers.add(t);
            return () -> t.cancelled = true;
        };
        return new LoopEngine(queue, runner, policies, Leadership.ALWAYS, clock, false, o -> { }, timer,
                Duration.ofSeconds(5));
    }

    private List<Timer> live() {
        return timers.stream().filter(t -> !t.cancelled).toList();
    }

    @Test
    void aCycleIsAskedForWhenTheNextJobEntersItsLookAhead() throws Exception {
        var engine = engine();
        Instant entry = T0.plus(Duration.ofMinutes(20));
        nextEntry = Optional.of(entry);
        engine.runOnce();
        assertThat(live()).singleElement().satisfies(t -> assertThat(t.at).isEqualTo(entry));
        assertThat(engine.pendingWakeUp()).contains(entry);
        assertThat(queue.awaitBatch(Duration.ZERO).isEmpty()).as("nothing asked before the time").isTrue();

        clock.set(entry);
        live().get(0).action.run();
        var batch = queue.awaitBatch(Duration.ZERO);
        assertThat(batch.sources()).containsExactly(Trigger.Source.WAKE_UP);
        assertThat(batch.sample().get(0).detail()).isEqualTo("a pending job enters its look-ahead at " + entry);
        assertThat(engine.pendingWakeUp()).isEmpty();
    }

    @Test
    void eachPlanReplacesTheOneWakeUpOrClearsIt() throws Exception {
        var engine = engine();
        nextEntry = Optional.of(T0.plus(Duration.ofMinutes(20)));
        engine.runOnce();
        engine.runOnce();
        assertThat(timers).as("the same entry keeps the timer set").hasSize(1);

        nextEntry = Optional.of(T0.plus(Duration.ofMinutes(12)));
        engine.runOnce();
        assertThat(live()).singleElement().satisfies(t -> assertThat(t.at).isEqualTo(T0.plus(Duration.ofMinutes(12))));
        Timer replaced = timers.get(0);
        assertThat(replaced.cancelled).isTrue();
        replaced.action.run(); // a timer that fired before it could be cancelled asks for nothing
        assertThat(queue.awaitBatch(Duration.ZERO).isEmpty()).isTrue();

        nextEntry = Optional.empty();
        engine.runOnce();
        assertThat(live()).isEmpty();
        assertThat(engine.pendingWakeUp()).isEmpty();
    }

    @Test
    void aWakeUpIsNeverSoonerThanTheMinimumIntervalAfterItsCycle() {
        var engine = engine();
        nextEntry = Optional.of(T0.plusSeconds(1)); // as if the entry kept slipping by a second
        engine.runOnce();
        assertThat(live()).singleElement().satisfies(t -> assertThat(t.at).isEqualTo(T0.plusSeconds(5)));
        nextEntry = Optional.of(T0.minusSeconds(30)); // already past: still one cycle, not a spin
        clock.set(T0.plusSeconds(5));
        engine.runOnce();
        assertThat(live()).singleElement().satisfies(t -> assertThat(t.at).isEqualTo(T0.plusSeconds(10)));
    }

    @Test
    void aCycleWithoutAPlanKeepsTheWakeUp() {
        var engine = engine();
        nextEntry = Optional.of(T0.plus(Duration.ofMinutes(20)));
        engine.runOnce();
        slurmDown = true;
        assertThat(engine.runOnce().result()).isEqualTo(CycleOutcome.Result.STALE);
        assertThat(engine.pendingWakeUp()).contains(T0.plus(Duration.ofMinutes(20)));
        assertThat(live()).hasSize(1);
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public java.time.ZoneId getZone() {
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
