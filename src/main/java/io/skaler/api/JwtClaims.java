package io.skaler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skaler.api.check.SlurmEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** The claims of a Slurm JWT ({@code sun}, {@code exp}) read without verifying it: the check only reports them. */
final class JwtClaims {
    private JwtClaims() {
    }

    /** @throws IllegalArgumentException when the text is not a JWT */
    static SlurmEndpoint.TokenClaims read(String token) {
        String t = token.strip();
        if (t.startsWith("SLURM_JWT=")) {
            t = t.substring("SLURM_JWT=".length());
        }
        String[] parts = t.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT (expected three dot-separated parts)");
        }
        JsonNode payload;
        try {
            payload = new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JWT: its payload is not base64url JSON");
        }
        Optional<String> user = payload.hasNonNull("sun") ? Optional.of(payload.get("sun").asText())
                : Optional.empty();
        Optional<Instant> exp = payload.path("exp").canConvertToLong()
                ? Optional.of(Instant.ofEpochSecond(payload.get("exp").asLong())) : Optional.empty();
        return new SlurmEndpoint.TokenClaims(user, exp);
    }
}
