package io.skaler.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer token that guards {@code POST /api/v1/trigger}. Compared in constant time so response timing tells an
 * attacker nothing; with no token configured the endpoint refuses everyone.
 */
public final class TriggerToken {
    private final byte[] expected;

    public TriggerToken(Optional<String> token) {
        this.expected = token.map(String::strip).filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    public boolean configured() {
        return expected != null;
    }

    /** True only for {@code Authorization: Bearer <token>} with the configured token. */
    public boolean accepts(String authorizationHeader) {
        if (expected == null || authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorizationHeader.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public String toString() {
        return configured() ? "TriggerToken[configured]" : "TriggerToken[none]";
    }
}
