package io.skaler.loop;

import java.time.Instant;
import java.util.Optional;

/**
 * What the loop knows about itself, for {@code /api/v1/status}, readiness and metrics. Replaced whole after each
 * cycle (immutable), so readers never see half an update.
 *
 * @param lastOutcome        the latest cycle, if any ran
 * @param lastSuccessAt      when a cycle last read fresh sources and planned
 * @param cycles             cycles run since start
 */
public record LoopStatus(
        Optional<CycleOutcome> lastOutcome,
        Optional<Instant> lastSuccessAt,
        long cycles,
        boolean leader,
        Optional<PolicyHolder.Active> policy,
        Optional<PolicyHolder.Rejection> policyRejection,
        boolean dryRun) {

    public static LoopStatus initial(boolean dryRun) {
        return new LoopStatus(Optional.empty(), Optional.empty(), 0, false, Optional.empty(), Optional.empty(), dryRun);
    }

    LoopStatus after(CycleOutcome outcome, boolean leaderNow, PolicyHolder policies) {
        return new LoopStatus(Optional.of(outcome),
                outcome.successful() ? Optional.of(outcome.startedAt()) : lastSuccessAt,
                cycles + 1, leaderNow, policies.active(), policies.lastRejection(), dryRun);
    }

    LoopStatus withPolicy(PolicyHolder policies) {
        return new LoopStatus(lastOutcome, lastSuccessAt, cycles, leader, policies.active(), policies.lastRejection(),
                dryRun);
    }
}
