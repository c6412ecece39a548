package io.skaler.slurm;

import java.util.List;

/**
 * One request's failure, as the client reports it to its caller: slurmrestd (or the metrics endpoint) answered, but
 * not with something skaler can use: an unparseable or truncated body, a body over the size cap, an unexpected status
 * (a 4xx other than auth), or a version it no longer serves. It names the {@link Endpoint} and HTTP status; when the
 * body was at fault, its cause is the parser's {@link BadAnswerException}, which names the place in the body.
 */
public final class BadAnswer extends SlurmFailure {
    public BadAnswer(Endpoint endpoint, int status, List<String> slurmErrors, String message, Throwable cause) {
        super(endpoint, status, slurmErrors, message, cause);
    }

    public BadAnswer(Endpoint endpoint, String message, Throwable cause) {
        this(endpoint, 0, List.of(), message, cause);
    }
}
