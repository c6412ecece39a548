package io.skaler.slurm;

import java.util.List;

/**
 * Slurm could not answer now: connection refused, timeout, 502/503/504 or another 5xx, or the connection broke
 * mid-body. Worth retrying later; never a reason to act on what was not read.
 */
public final class Unavailable extends SlurmFailure {
    public Unavailable(Endpoint endpoint, int status, List<String> slurmErrors, String message, Throwable cause) {
        super(endpoint, status, slurmErrors, message, cause);
    }

    public Unavailable(Endpoint endpoint, String message, Throwable cause) {
        this(endpoint, 0, List.of(), message, cause);
    }
}
