package io.skaler.loop;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The loop's settings (prefix {@code skaler.loop}); the API's are {@code skaler.api.*}
 * ({@code io.skaler.api.ApiConfig}). Kubernetes settings, dry-run and leader election included, are
 * {@code skaler.kube.*} ({@link io.skaler.kube.KubeConfig}) and Slurm's {@code skaler.slurm.*}. Every key with its
 * default is listed in docs/operations.md.
 */
@ConfigMapping(prefix = "skaler.loop")
public interface LoopConfig {
    /** Run the loop at all (off for the offline commands and some tests). */
    @WithDefault("true")
    boolean enabled();

    /** A batch of triggers closes after this long without a new one... */
    @WithDefault("1s")
    Duration batchIdle();

    /** ...or this long after its first trigger, whichever is sooner. */
    @WithDefault("5s")
    Duration batchMax();

    /** How often the cheap Slurm change probe ({@code jobs?update_time}) runs. */
    @WithDefault("2s")
    Duration slurmPollInterval();

    /** A full cycle at least this often, whatever the triggers say (safety net). */
    @WithDefault("30s")
    Duration resyncInterval();

    /**
     * A cycle that has not reached its apply phase by then writes nothing, and the executor starts no new object
     * past it. Above the Slurm read timeout (60 s), so a full read of a 100k-job queue still leads to a decision.
     */
    @WithDefault("90s")
    Duration cycleTimeout();

    /** The planner's budget; past it the plan is partial and never shrinks anything. */
    @WithDefault("1s")
    Duration planBudget();

    /** Ready means a successful cycle within this age. */
    @WithDefault("3m")
    Duration readinessMaxAge();
}
