package io.skaler.slurm;

import java.io.IOException;
import java.util.Optional;

/** Where the {@code X-SLURM-USER-TOKEN} comes from: a token file, a key to mint from, or nothing. */
public interface TokenSource {

    /** The token to send now; empty to send none. An IOException says why no token could be had (never the token). */
    Optional<Token> current() throws IOException;

    /** slurmrestd refused the last token: re-read or re-mint before the next {@link #current()}. */
    void invalidate();

    /** The optional {@code X-SLURM-USER-NAME}; it must match the token's user or slurmrestd answers 511. */
    Optional<String> userName();

    /** Always the same token (tests, the sandbox); a refusal changes nothing. */
    static TokenSource fixed(Token token) {
        return new TokenSource() {
            @Override
            public Optional<Token> current() {
                return Optional.of(token);
            }

            @Override
            public void invalidate() {
            }

            @Override
            public Optional<String> userName() {
                return Optional.empty();
            }
        };
    }

    /** Sends no token at all (slurmrestd answers 401); useful only to check how an unauthenticated call fails. */
    static TokenSource none() {
        return new TokenSource() {
            @Override
            public Optional<Token> current() {
                return Optional.empty();
            }

            @Override
            public void invalidate() {
            }

            @Override
            public Optional<String> userName() {
                return Optional.empty();
            }
        };
    }
}
