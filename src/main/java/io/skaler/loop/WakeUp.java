package io.skaler.loop;

import io.skaler.model.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The loop's one pending wake-up: a job left out only because it is beyond its look-ahead should be counted when it
 * comes within it ({@link Plan#nextLookAheadEntry()}), not at the next resync, which may be after the job is already
 * eligible. Each plan replaces the wake-up (or clears it when no job waits to enter); a wake-up is never sooner than
 * {@code minInterval} after the cycle that set it, so a job whose entry keeps slipping cannot spin the loop. A
 * cycle without a plan (stale source, no policy) leaves it as it is: the job still enters its look-ahead then.
 */
final class WakeUp {
    private final WakeUpTimer timer;
    private final Duration minInterval;
    private final Consumer<String> trigger;
    private Instant pending;
    private Runnable cancel = () -> { };
    private long generation;

    /** @param trigger asks the loop for a cycle, with why */
    WakeUp(WakeUpTimer timer, Duration minInterval, Consumer<String> trigger) {
        this.timer = timer;
        this.minInterval = minInterval;
        this.trigger = trigger;
    }

    /** Replaces the pending wake-up by the one {@code plan} asks for; {@code cycleAt} is when its cycle started. */
    synchronized void after(Plan plan, Instant cycleAt) {
        Optional<Instant> entry = plan.nextLookAheadEntry();
        if (entry.isEmpty()) {
            clear();
            return;
        }
        Instant earliest = cycleAt.plus(minInterval);
        Instant at = entry.get().isBefore(earliest) ? earliest : entry.get();
        if (at.equals(pending)) {
            return; // the same wake-up: keep the timer already set
        }
        clear();
        long mine = ++generation;
        pending = at;
        cancel = timer.at(at, () -> fire(mine));
    }

    /** The wake-up set, if any. */
    synchronized Optional<Instant> pending() {
        return Optional.ofNullable(pending);
    }

    private void fire(long which) {
        Instant at;
        synchronized (this) {
            if (which != generation || pending == null) {
                return; // replaced or cleared since: a timer that could not be cancelled in time
            }
            at = pending;
            pending = null;
            cancel = () -> { };
        }
        trigger.accept("a pending job enters its look-ahead at " + at);
    }

    private void clear() {
        cancel.run();
        cancel = () -> { };
        pending = null;
        generation++;
    }
}
