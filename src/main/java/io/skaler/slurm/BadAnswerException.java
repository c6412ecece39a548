package io.skaler.slurm;

import java.util.List;

/**
 * What a parser found wrong in a body, knowing nothing of the request it came from: not JSON, cut off, a field of the
 * wrong type or out of range, a required field missing, a body or string over the configured limit, or a well-formed
 * body whose {@code errors[]} is not empty. The message always names where ({@link #path()}, a JSON pointer such as
 * {@code /jobs/17/node_count}) and why ({@link #reason()}). The client wraps it in a {@link BadAnswer}, which adds the
 * endpoint and status; the offline readers (captured answers, {@code skaler plan}) report it as is.
 */
public final class BadAnswerException extends Exception {
    private final String path;
    private final String reason;
    private final List<String> slurmErrors;

    public BadAnswerException(String path, String reason) {
        this(path, reason, List.of(), null);
    }

    public BadAnswerException(String path, String reason, Throwable cause) {
        this(path, reason, List.of(), cause);
    }

    public BadAnswerException(String path, String reason, List<String> slurmErrors, Throwable cause) {
        super((path.isEmpty() ? "/" : path) + ": " + reason, cause);
        this.path = path.isEmpty() ? "/" : path;
        this.reason = reason;
        this.slurmErrors = List.copyOf(slurmErrors);
    }

    /** Slurm's own error report ({@code errors[]}) made this answer unusable; the texts are in {@link #slurmErrors()}. */
    public static BadAnswerException slurmErrors(List<String> errors) {
        return new BadAnswerException("/errors", "slurmrestd reported " + errors.size() + " error(s): "
                + String.join("; ", errors), errors, null);
    }

    /** JSON pointer to the offending value, {@code "/"} for the body as a whole. */
    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** The texts of {@code errors[]} when Slurm itself reported the failure, else empty. */
    public List<String> slurmErrors() {
        return slurmErrors;
    }

    public boolean reportedBySlurm() {
        return !slurmErrors.isEmpty();
    }
}
