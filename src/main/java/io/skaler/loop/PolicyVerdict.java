package io.skaler.loop;

import io.skaler.policy.Policy;
import java.util.List;

/** The outcome of reading a policy text: accepted, or rejected with every error (each names a field and a reason). */
public sealed interface PolicyVerdict {
    record Accepted(Policy policy) implements PolicyVerdict {
    }

    record Rejected(List<String> errors) implements PolicyVerdict {
        public Rejected {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejected policy needs at least one error");
            }
        }
    }
}
