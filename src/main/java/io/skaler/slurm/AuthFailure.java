package io.skaler.slurm;

import java.util.List;

/** slurmrestd refused the credentials: 401 (missing or invalid token) or 511 (bad or expired JWT, user mismatch). */
public final class AuthFailure extends SlurmFailure {
    public AuthFailure(Endpoint endpoint, int status, List<String> slurmErrors, String message) {
        super(endpoint, status, slurmErrors, message, null);
    }
}
