package io.skaler.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the slurmrestd API version: the pinned one if configured (and served), otherwise the newest served version
 * whose job records still say which jobs are exclusive ({@link ApiVersion#showsExclusivity()}), and only when none of
 * those is served, a newer one that hides it (Slurm 26.05 serves v0.0.42-45: v0.0.44 is chosen, since in v0.0.45 an
 * {@code --exclusive} job reads like a one-CPU job and the planner would pack it onto a shared node). "Served" means
 * {@code GET /slurm/vX/ping} answers something other than 404 (26.05 answers 404 for v0.0.40/41). An auth failure or
 * an unavailable Slurm ends the negotiation with that failure, since nothing can be concluded about versions then.
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
        for (ApiVersion v : probeOrder()) {
            if (probe.serves(v)) {
                return new Choice(v, notServed);
            }
            notServed.add(v);
        }
        throw new BadAnswer(Endpoint.PING, 404, List.of(),
                "slurmrestd serves none of the API versions skaler speaks " + ApiVersion.newestFirst()
                        + " (Slurm 24.05 through 26.05 serve at least one)", null);
    }

    /** Versions that show exclusivity, newest first, then those that hide it, oldest of them first. */
    static List<ApiVersion> probeOrder() {
        List<ApiVersion> order = new ArrayList<>();
        for (ApiVersion v : ApiVersion.newestFirst()) {
            if (v.showsExclusivity()) {
                order.add(v);
            }
        }
        for (ApiVersion v : ApiVersion.values()) {
            if (!v.showsExclusivity()) {
                order.add(v);
            }
        }
        return List.copyOf(order);
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
