package io.skaler.kube;

import java.time.Duration;

/**
 * How the executor writes.
 *
 * @param dryRun            compute and report everything, write nothing (no objects, no Events)
 * @param maxAttempts       attempts per write on 409 (conflict), 429 and 5xx before giving up
 * @param initialBackoff    wait before the 2nd attempt; doubles each time up to {@code maxBackoff}
 * @param writesPerSecond   client-side rate limit (token bucket), Events included
 * @param burst             writes allowed at once before the rate applies
 * @param deletionCostBase  {@code pod-deletion-cost} of the first pod to remove; the next gets base+1 and so on
 *                          (lower goes first); negative so it beats the operator's default 0
 * @param eventRepeatAfter  the same Event (object, reason, message) is not repeated sooner than this
 * @param identity          this instance, shown as the Events' reporting instance
 */
public record ExecutorSettings(
        boolean dryRun,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double writesPerSecond,
        int burst,
        int deletionCostBase,
        Duration eventRepeatAfter,
        String identity) {

    public ExecutorSettings {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be within 1..10, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff: need 0 <= initialBackoff <= maxBackoff");
        }
        if (writesPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("writesPerSecond must be > 0 and burst >= 1");
        }
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("identity must not be blank");
        }
    }

    /** {@link KubeConfig}'s defaults as plain values; {@code ConfigDefaultsTest} holds the two equal. */
    public static ExecutorSettings defaults(String identity) {
        return new ExecutorSettings(false, 5, Duration.ofMillis(200), Duration.ofSeconds(5), 5, 10, -1000,
                Duration.ofMinutes(10), identity);
    }

    public ExecutorSettings withDryRun(boolean on) {
        return new ExecutorSettings(on, maxAttempts, initialBackoff, maxBackoff, writesPerSecond, burst,
                deletionCostBase, eventRepeatAfter, identity);
    }
}
