package io.skaler.sandbox;

import java.time.Duration;

/**
 * The documented Slinky + KEDA set-up (Slinky docs/usage/autoscaling.md; KEDA and HPA defaults), as numbers.
 *
 * @param scrapeInterval          Prometheus scrape of Slurm's metrics (Slinky chart: 30 s)
 * @param pollingInterval         KEDA's poll, which alone moves a NodeSet between 0 and {@code minReplicas} (30 s)
 * @param hpaSyncPeriod           the HPA's loop, which moves it between 1 and N (15 s)
 * @param cooldown                KEDA's {@code cooldownPeriod}: no pending job this long before going back to 0 (300 s)
 * @param scaleDownStabilization  HPA's default scale-down window: the highest recommendation in it wins (300 s)
 * @param threshold               the trigger's {@code threshold}: replicas = ceil(pending jobs / threshold) (doc: 5)
 * @param minReplicas             {@code minReplicaCount} once active (doc: 1)
 * @param scrapePhase             offset of the first scrape from the start, likewise the others: the three loops are
 *                                not aligned in a real cluster
 */
public record KedaSettings(Duration scrapeInterval, Duration pollingInterval, Duration hpaSyncPeriod,
        Duration cooldown, Duration scaleDownStabilization, int threshold, int minReplicas, Duration scrapePhase,
        Duration pollPhase, Duration hpaPhase) {
    public KedaSettings {
        if (threshold < 1 || minReplicas < 1) {
            throw new IllegalArgumentException("keda: threshold and minReplicas must be >= 1");
        }
        for (var d : new Duration[] {scrapeInterval, pollingInterval, hpaSyncPeriod}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("keda: intervals must be > 0");
            }
        }
    }

    /** The documented numbers, with the loops out of phase by a few seconds as they would be. */
    public static KedaSettings documented() {
        return new KedaSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15),
                Duration.ofSeconds(300), Duration.ofSeconds(300), 5, 1, Duration.ofSeconds(7),
                Duration.ofSeconds(19), Duration.ofSeconds(3));
    }
}
