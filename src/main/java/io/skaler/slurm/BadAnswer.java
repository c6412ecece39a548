package io.skaler.slurm;

import java.util.List;

/**
 * slurmrestd answered, but not with something skaler can use: an unparseable or truncated body, a body over the size
 * cap, an unexpected status (a 4xx other than auth), or a version it no longer serves.
 */
public final class BadAnswer extends SlurmFailure {
    public BadAnswer(Endpoint endpoint, int status, List<String> slurmErrors, String message, Throwable cause) {
        super(endpoint, status, slurmErrors, message, cause);
    }

    public BadAnswer(Endpoint endpoint, String message, Throwable cause) {
        this(endpoint, 0, List.of(), message, cause);
    }
}
