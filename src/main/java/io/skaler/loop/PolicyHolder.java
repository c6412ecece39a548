package io.skaler.loop;

import io.skaler.policy.Policy;
import io.skaler.policy.PolicyError;
import io.skaler.policy.PolicyResult;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps the policy in force. A new valid text replaces it at the next cycle; an invalid one is rejected and the
 * last good policy stays. The same text offered twice is parsed once.
 */
public final class PolicyHolder {
    private final Function<String, PolicyResult> parser;
    private volatile Active active;
    private volatile Rejection lastRejection;
    private volatile String lastText;

    public PolicyHolder(Function<String, PolicyResult> parser) {
        this.parser = Objects.requireNonNull(parser);
    }

    /** Offers the text found in the ConfigMap; returns the verdict, or empty when the text did not change. */
    public synchronized Optional<PolicyResult> offer(String text, String origin, Instant at) {
        if (text.equals(lastText)) {
            return Optional.empty();
        }
        lastText = text;
        PolicyResult verdict;
        try {
            verdict = parser.apply(text);
        } catch (RuntimeException e) { // the parser promises not to throw; if it does, the old policy still stands
            verdict = new PolicyResult.Invalid(java.util.List.of(new PolicyError("policy", "parser failed: " + e)));
        }
        if (verdict instanceof PolicyResult.Valid accepted) {
            active = new Active(accepted.policy(), origin, at);
            lastRejection = null;
        } else if (verdict instanceof PolicyResult.Invalid rejected) {
            lastRejection = new Rejection(rejected, origin, at);
        }
        return Optional.of(verdict);
    }

    public Optional<Active> active() {
        return Optional.ofNullable(active);
    }

    public Optional<Rejection> lastRejection() {
        return Optional.ofNullable(lastRejection);
    }

    /** The policy in force, where it came from and since when. */
    public record Active(Policy policy, String origin, Instant since) {
    }

    /** The latest rejected text's errors; cleared when a valid policy is accepted. */
    public record Rejection(PolicyResult.Invalid verdict, String origin, Instant at) {
    }
}
