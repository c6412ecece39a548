package io.skaler.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A Karpenter NodeClaim: a node being launched, or one whose launch failed. Karpenter never sets
 * {@code Launched=False}: a launch error leaves {@code Launched=Unknown} with a reason ({@code LaunchFailed}) while it
 * retries, and insufficient capacity deletes the claim (with an Event), so a {@code FAILED} entry may stand for a claim
 * that is gone.
 *
 * @param failureReason {@code ""} unless {@code phase == FAILED} (for example {@code LaunchFailed})
 * @param failedAt      when the launch failed ({@code phase == FAILED}); {@code createdAt} otherwise
 * @param capacity      {@code status.capacity}: what the machine brings (canonical units), empty until launched
 */
public record NodeClaimState(
        String name,
        String nodePool,
        Phase phase,
        Instant createdAt,
        String failureReason,
        Instant failedAt,
        Map<String, BigDecimal> capacity) {

    public enum Phase { LAUNCHING, REGISTERED, READY, FAILED, DELETING }

    public NodeClaimState {
        capacity = Map.copyOf(capacity);
    }

    public NodeClaimState(String name, String nodePool, Phase phase, Instant createdAt, String failureReason) {
        this(name, nodePool, phase, createdAt, failureReason, createdAt, Map.of());
    }
}
