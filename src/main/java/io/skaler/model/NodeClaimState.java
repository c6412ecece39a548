package io.skaler.model;

import java.time.Instant;

/**
 * A Karpenter NodeClaim: a node being launched, or one that failed to launch.
 *
 * @param failureReason {@code ""} unless {@code phase == FAILED} (for example {@code InsufficientCapacity})
 */
public record NodeClaimState(
        String name,
        String nodePool,
        Phase phase,
        Instant createdAt,
        String failureReason) {

    public enum Phase { LAUNCHING, REGISTERED, READY, FAILED, DELETING }
}
