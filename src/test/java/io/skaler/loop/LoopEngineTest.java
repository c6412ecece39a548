package io.skaler.loop;

import io.skaler.metrics.Labels;
import io.skaler.kube.Leadership;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.KubeSnapshot;
import io.skaler.model.Plan;
import io.skaler.model.SlurmSnapshot;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopEngineTest {
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger plans = new AtomicInteger();
    private final List<CycleOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final PolicyHolder policies = new PolicyHolder(t -> new PolicyResult.Valid(new Policy(List.of(), Map.of(), t)));

    private LoopEngine engine(Observation<SlurmSnapshot> slurmRead) {
        return engine(slurmRead, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private LoopEngine engine(Observation<SlurmSnapshot> slurmRead, Duration batchIdle, Duration batchMax) {
        SlurmSource slurm = new SlurmSource() {
            @Override
            public Observation<SlurmSnapshot> read() {
                return slurmRead;
            }

            @Override
            public Change changedSinceLastRead() {
                return Change.UNCHANGED;
            }
        };
        KubeSource kube = () -> Observation.fresh(KubeSnapshot.empty(Instant.now()), Instant.now());
        PlanFunction planner = (s, p, now, b) -> {
            plans.incrementAndGet();
            return Plan.empty(now);
        };
        var runner = new CycleRunner(slurm, kube, policies, planner, (p, c) -> PlanApplier.ApplyReport.nothing(),
                Leadership.ALWAYS, clock, new CycleRunner.Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), false));
        var queue = new TriggerQueue(clock, batchIdle, batchMax);
        return new LoopEngine(queue, runner, policies, Leadership.ALWAYS, clock, false, outcomes::add);
    }

    @Test
    void burstOfTriggersRunsFewCyclesNotOnePerTrigger() throws Exception {
        policies.offer("p1", "test", Instant.now());
        // The service's batching (idle 1 s, max 10 s here): a burst is one batch unless the submitting thread is
        // descheduled for a whole second. With 20 ms of idle, a loaded 2-core machine split the burst into dozens.
        try (var engine = engine(Observation.fresh(SlurmSnapshot.empty(Instant.now()), Instant.now()),
                Duration.ofSeconds(1), Duration.ofSeconds(10))) {
            engine.start();
            for (int i = 0; i < 5_000; i++) {
                engine.trigger(Trigger.Source.SLURM_CHANGE, "submit " + i);
            }
            awaitCycles(engine, 1);
            // let a batch still open close (longer than the idle time), then count; a slow machine only counts fewer
            Thread.sleep(1_500);
            assertThat(plans.get()).isBetween(1, 10);
            assertThat(engine.status().lastSuccessAt()).isPresent();
            assertThat(engine.healthy(Duration.ofMinutes(1))).isTrue();
        }
    }

    @Test
    void staleSourceIsUnhealthyAndNeverPlans() throws Exception {
        policies.offer("p1", "test", Instant.now());
        try (var engine = engine(Observation.unavailable(Labels.Source.SLURM, "HTTP 502"))) {
            engine.start();
            awaitCycles(engine, 1);
            assertThat(plans.get()).isZero();
            assertThat(engine.healthy(Duration.ofMinutes(1))).isFalse();
            assertThat(outcomes).allSatisfy(o -> assertThat(o.result()).isEqualTo(CycleOutcome.Result.STALE));
        }
    }

    @Test
    void failingListenerDoesNotStopTheLoop() {
        policies.offer("p1", "test", Instant.now());
        var runner = new CycleRunner(new SlurmSource() {
            @Override
            public Observation<SlurmSnapshot> read() {
                return Observation.fresh(SlurmSnapshot.empty(Instant.now()), Instant.now());
            }

            @Override
            public Change changedSinceLastRead() {
                return Change.UNCHANGED;
            }
        }, () -> Observation.fresh(KubeSnapshot.empty(Instant.now()), Instant.now()), policies,
                (s, p, n, b) -> Plan.empty(n), (p, c) -> PlanApplier.ApplyReport.nothing(), Leadership.ALWAYS, clock,
                new CycleRunner.Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), false));
        try (var engine = new LoopEngine(new TriggerQueue(clock, Duration.ofMillis(10), Duration.ofMillis(20)), runner,
                policies, Leadership.ALWAYS, clock, false, o -> {
                    throw new IllegalStateException("metrics down");
                })) {
            assertThat(engine.runOnce().result()).isEqualTo(CycleOutcome.Result.OK);
            assertThat(engine.runOnce().result()).isEqualTo(CycleOutcome.Result.OK);
            assertThat(engine.status().cycles()).isEqualTo(2);
        }
    }

    private static void awaitCycles(LoopEngine engine, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (engine.status().cycles() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engine.status().cycles()).isGreaterThanOrEqualTo(n);
    }
}
