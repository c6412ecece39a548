package io.skaler.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs an action at an instant of the loop's clock, and returns how to cancel it. The service waits on a timer thread
 * for the time left on its clock; the sandbox's virtual clock runs the action when its own time gets there.
 */
@FunctionalInterface
public interface WakeUpTimer {
    Runnable at(Instant when, Runnable action);

    /** Never runs anything: cycles are driven by hand ({@link LoopEngine#runOnce()}). */
    WakeUpTimer NONE = (when, action) -> () -> { };

    /**
     * On {@code executor}'s thread when {@code clock} reaches {@code when}; nothing while {@code executor} gives
     * nothing (the loop not started).
     */
    static WakeUpTimer on(Supplier<ScheduledExecutorService> executor, Clock clock) {
        return (when, action) -> {
            ScheduledExecutorService e = executor.get();
            if (e == null || e.isShutdown()) {
                return () -> { };
            }
            long ms = Math.max(0, Duration.between(clock.instant(), when).toMillis());
            ScheduledFuture<?> f = e.schedule(action, ms, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
