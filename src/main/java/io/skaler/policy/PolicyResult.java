package io.skaler.policy;

import java.util.List;

/**
 * What parsing a policy text gives: a valid {@link Policy}, or every error found in it. Never both, never an exception,
 * so a caller (the loop, the CLI) can keep the last good policy and report all the problems of the new one at once.
 */
public sealed interface PolicyResult permits PolicyResult.Valid, PolicyResult.Invalid {

    record Valid(Policy policy) implements PolicyResult {
    }

    record Invalid(List<PolicyError> errors) implements PolicyResult {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid policy needs at least one error");
            }
        }

        /** One line per error, in document order. */
        public String describe() {
            var sb = new StringBuilder();
            for (var e : errors) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(e);
            }
            return sb.toString();
        }
    }
}
