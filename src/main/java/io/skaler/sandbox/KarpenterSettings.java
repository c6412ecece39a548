package io.skaler.sandbox;

import java.time.Duration;

/**
 * How the simulated Karpenter behaves.
 *
 * @param bootDelay        NodeClaim created to node Ready (instance launch, boot, kubelet registration)
 * @param failureShare     share of launches that fail with {@code InsufficientCapacity}, 0..1
 * @param failureDelay     how long a failing launch takes to report the failure
 * @param unavailableFor   after a failure the offering is skipped this long (Karpenter's unavailable-offerings cache)
 * @param emptyNodeTtl     a Ready node with no pod is removed after this long ({@code WhenEmpty}, consolidateAfter)
 * @param seed             the failure dice, so a run can be repeated exactly
 */
public record KarpenterSettings(Duration bootDelay, double failureShare, Duration failureDelay,
        Duration unavailableFor, Duration emptyNodeTtl, long seed) {
    public KarpenterSettings {
        if (failureShare < 0 || failureShare > 1) {
            throw new IllegalArgumentException("karpenter.failureShare must be within 0..1, got " + failureShare);
        }
        if (bootDelay.isNegative() || failureDelay.isNegative() || unavailableFor.isNegative()
                || emptyNodeTtl.isNegative()) {
            throw new IllegalArgumentException("karpenter durations must not be negative");
        }
    }

    public static KarpenterSettings defaults() {
        return new KarpenterSettings(Duration.ofSeconds(90), 0.0, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 42);
    }
}
