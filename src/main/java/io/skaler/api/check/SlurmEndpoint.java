package io.skaler.api.check;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What contacting slurmrestd showed (live check only).
 *
 * @param error          why it could not be read (unreachable, refused token, ...), empty when it answered
 * @param servedVersions the OpenAPI versions skaler supports that it serves
 * @param version        the version skaler chose
 * @param token          the token's claims, when a token was given
 */
public record SlurmEndpoint(String url, Optional<String> error, List<String> servedVersions, Optional<String> version,
        Optional<TokenClaims> token) {
    public SlurmEndpoint {
        servedVersions = List.copyOf(servedVersions);
    }

    /** From the JWT's payload: {@code sun} (the Slurm user) and {@code exp}. */
    public record TokenClaims(Optional<String> user, Optional<Instant> expiresAt) {
    }
}
