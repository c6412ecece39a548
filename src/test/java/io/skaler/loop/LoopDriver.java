package io.skaler.loop;

import io.skaler.sandbox.DevSlurmOperator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drives the closed loop one step at a time: a skaler cycle, then the stand-in operator reconciles to the replicas
 * skaler left, then a pause of a second. Every step is recorded, so the test can assert the whole timeline. Waits are
 * bounded and fail naming what was awaited and the last cycle's outcome; nothing asserts speed.
 */
final class LoopDriver {
    private static final Duration PAUSE = Duration.ofSeconds(1);

    /** One step: what the cycle concluded and the NodeSet after the operator reconciled. */
    record Tick(Instant at, CycleOutcome.Result result, String detail, List<String> reasons, int replicas,
            int pods) {
    }

    private final ClosedLoopKube kube;
    private final DevSlurmOperator operator;
    private final String nodeSet;
    private Supplier<SkalerUnderTest> skaler;
    private final List<Tick> ticks = new ArrayList<>();

    LoopDriver(ClosedLoopKube kube, DevSlurmOperator operator, String nodeSet, Supplier<SkalerUnderTest> skaler) {
        this.kube = kube;
        this.operator = operator;
        this.nodeSet = nodeSet;
        this.skaler = skaler;
    }

    /** Swaps the skaler instance (a restart); later steps drive the new one. */
    void use(Supplier<SkalerUnderTest> next) {
        skaler = next;
    }

    Tick step() throws InterruptedException {
        CycleOutcome out = skaler.get().cycle();
        operator.reconcile(kube.replicas(nodeSet));
        List<String> reasons = out.plan().stream().flatMap(p -> p.targets().stream())
                .flatMap(t -> t.reasons().stream()).toList();
        Tick tick = new Tick(Instant.now(), out.result(), out.detail(), reasons, kube.replicas(nodeSet),
                operator.pods().size());
        ticks.add(tick);
        return tick;
    }

    /** Steps until {@code done} holds after a step, at most {@code timeout}. */
    Tick until(String what, Duration timeout, Check done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Tick t = step();
            if (done.holds(t)) {
                return t;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "; last step " + t);
            }
            Thread.sleep(PAUSE.toMillis());
        }
    }

    /** Steps for {@code period}, checking every step. */
    List<Tick> during(Duration period, Consumer<Tick> check) throws InterruptedException {
        List<Tick> seen = new ArrayList<>();
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            Tick t = step();
            check.accept(t);
            seen.add(t);
            Thread.sleep(PAUSE.toMillis());
        }
        return seen;
    }

    List<Tick> ticks() {
        return List.copyOf(ticks);
    }

    List<Integer> replicaHistory() {
        List<Integer> out = new ArrayList<>();
        for (Tick t : ticks) {
            if (out.isEmpty() || out.get(out.size() - 1) != t.replicas()) {
                out.add(t.replicas());
            }
        }
        return out;
    }

    @FunctionalInterface
    interface Check {
        boolean holds(Tick t) throws Exception;
    }
}
