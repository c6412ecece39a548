package io.skaler.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the slurmrestd API version: the pinned one if configured (and served), otherwise the newest that answers
 * {@code GET /slurm/vX/ping} with something other than 404. A 404 means "not served"; an auth failure or an
 * unavailable Slurm ends the negotiation with that failure, since nothing can be concluded about versions then.
 */
public final class VersionNegotiator {

    /** Asks slurmrestd whether it serves a version: true for 2xx, false for 404, a failure otherwise. */
    @FunctionalInterface
    public interface Probe {
        boolean serves(ApiVersion version) throws SlurmFailure;
    }

    /** The outcome, with the versions tried on the way (newest first) for the log line. */
    public record Choice(ApiVersion version, List<ApiVersion> notServed) {
        public Choice {
            notServed = List.copyOf(notServed);
        }
    }

    private final Optional<ApiVersion> pinned;

    public VersionNegotiator(Optional<ApiVersion> pinned) {
        this.pinned = pinned;
    }

    public Choice negotiate(Probe probe) throws SlurmFailure {
        if (pinned.isPresent()) {
            ApiVersion v = pinned.get();
            if (probe.serves(v)) {
                return new Choice(v, List.of());
            }
            throw new BadAnswer(Endpoint.PING, 404, List.of(), "the pinned API version " + v
                    + " (skaler.slurm.api-version) is not served by this slurmrestd; "
                    + describeServed(probe, v), null);
        }
        List<ApiVersion> notServed = new ArrayList<>();
        for (ApiVersion v : ApiVersion.newestFirst()) {
            if (probe.serves(v)) {
                return new Choice(v, notServed);
            }
            notServed.add(v);
        }
        throw new BadAnswer(Endpoint.PING, 404, List.of(),
                "slurmrestd serves none of the API versions skaler speaks " + ApiVersion.newestFirst()
                        + " (Slurm 24.05 through 25.11 serve at least one)", null);
    }

    private static String describeServed(Probe probe, ApiVersion skip) {
        List<ApiVersion> served = new ArrayList<>();
        for (ApiVersion v : ApiVersion.newestFirst()) {
            try {
                if (v != skip && probe.serves(v)) {
                    served.add(v);
                }
            } catch (SlurmFailure e) {
                return "could not list the served versions: " + e.getMessage();
            }
        }
        return served.isEmpty() ? "it serves none of " + ApiVersion.newestFirst() : "it serves " + served;
    }
}
