package io.skaler.slurm;

import java.util.List;

/**
 * Why a request to slurmrestd (or to a Slurm metrics endpoint) did not give an answer skaler can use. Three kinds,
 * because each asks for a different reaction: fix the credentials ({@link AuthFailure}), wait and hold the last
 * decision ({@link Unavailable}), or distrust this answer and say what was wrong with it ({@link BadAnswer}).
 * Messages never contain the token.
 */
public abstract sealed class SlurmFailure extends Exception permits AuthFailure, Unavailable, BadAnswer {

    private final Endpoint endpoint;
    private final int status;
    private final List<String> slurmErrors;

    protected SlurmFailure(Endpoint endpoint, int status, List<String> slurmErrors, String message, Throwable cause) {
        super(describe(endpoint, status, slurmErrors, message), cause);
        this.endpoint = endpoint;
        this.status = status;
        this.slurmErrors = List.copyOf(slurmErrors);
    }

    private static String describe(Endpoint endpoint, int status, List<String> errors, String message) {
        StringBuilder sb = new StringBuilder(endpoint.label()).append(": ").append(message);
        if (status > 0) {
            sb.append(" (HTTP ").append(status).append(')');
        }
        if (!errors.isEmpty()) {
            sb.append("; slurmrestd says: ").append(String.join("; ", errors));
        }
        return sb.toString();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The HTTP status, or 0 when none was received (connect failure, timeout). */
    public int status() {
        return status;
    }

    /** The text of slurmrestd's {@code errors[]} entries, when the body carried them. */
    public List<String> slurmErrors() {
        return slurmErrors;
    }
}
