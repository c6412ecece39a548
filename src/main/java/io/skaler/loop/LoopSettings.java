package io.skaler.loop;

import java.time.Duration;

/**
 * {@link LoopConfig} as plain values, for the places that build an {@link Autoscaler} without the config system
 * (the sandbox, tests). {@link #defaults()} are the service's defaults: {@code ConfigDefaultsTest} holds them equal to
 * the {@code @WithDefault}s of {@link LoopConfig}.
 */
public record LoopSettings(
        boolean enabled,
        Duration batchIdle,
        Duration batchMax,
        Duration slurmPollInterval,
        Duration resyncInterval,
        Duration cycleTimeout,
        Duration planBudget,
        Duration readinessMaxAge) implements LoopConfig {

    public static LoopSettings defaults() {
        return new LoopSettings(true, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(1), Duration.ofMinutes(3));
    }

    public LoopSettings withResyncInterval(Duration resyncInterval) {
        return new LoopSettings(enabled, batchIdle, batchMax, slurmPollInterval, resyncInterval, cycleTimeout,
                planBudget, readinessMaxAge);
    }

    public LoopSettings withCycleBounds(Duration cycleTimeout, Duration planBudget) {
        return new LoopSettings(enabled, batchIdle, batchMax, slurmPollInterval, resyncInterval, cycleTimeout,
                planBudget, readinessMaxAge);
    }
}
