package io.skaler.loop;

import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import java.util.List;

/** Adapts the policy parser's result to the loop's verdict. */
final class PolicyVerdicts {
    private PolicyVerdicts() {
    }

    static PolicyVerdict parse(String text) {
        PolicyResult result = PolicyParser.parse(text);
        if (result instanceof PolicyResult.Valid valid) {
            return new PolicyVerdict.Accepted(valid.policy());
        }
        var invalid = (PolicyResult.Invalid) result;
        List<String> errors = invalid.errors().stream().map(Object::toString).toList();
        return new PolicyVerdict.Rejected(errors.isEmpty() ? List.of(invalid.describe()) : errors);
    }
}
