package io.skaler.planner;

import io.skaler.policy.GoDuration;
import io.skaler.model.Backoff;
import io.skaler.model.NodeSetState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Capacity asked of a NodeSet that does not arrive within {@code provisioningTimeout} (no machine, quota, a bad
 * image), or whose launch Karpenter reports failed, puts the NodeSet in backoff: 5 minutes, doubling per consecutive failure, at most 30 minutes. While in
 * backoff it gets no new nodes and its partition's demand spills to the next NodeSet. The backoff clears once a
 * scale-up made after it has fully arrived.
 */
final class BackoffRule {
    static final Duration FIRST = Duration.ofMinutes(5);
    static final Duration LONGEST = Duration.ofMinutes(30);

    /**
     * @param active true when the NodeSet may not get new nodes now
     * @param change the annotations to write, if they change
     */
    record Outcome(boolean active, Optional<Backoff> change) {
    }

    private BackoffRule() {
    }

    static Duration length(int level) {
        Duration d = FIRST;
        for (int i = 1; i < level && d.compareTo(LONGEST) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(LONGEST) > 0 ? LONGEST : d;
    }

    private static String why(NodeSetCapacity capacity) {
        int timedOut = capacity.failed() - capacity.launchFailed;
        String launch = capacity.launchFailed + " node(s) lost to failed launches of the NodePool (Karpenter deleted"
                + " the NodeClaim or reports Launched=Unknown with a reason)";
        String timeout = timedOut + " node(s) did not arrive within provisioningTimeout";
        return capacity.launchFailed == 0 ? timeout : timedOut == 0 ? launch : launch + "; " + timeout;
    }

    static Outcome decide(Optional<NodeSetState> state, NodeSetCapacity capacity, Instant now) {
        if (state.isEmpty()) {
            return new Outcome(false, Optional.empty());
        }
        NodeSetState s = state.get();
        boolean active = s.backoffUntil().map(now::isBefore).orElse(false);
        int failed = capacity.failed();
        if (failed > 0 && !active) {
            int level = s.backoffLevel() + 1;
            Instant until = now.plus(length(level));
            return new Outcome(true, Optional.of(new Backoff(level, until, why(capacity)
                    + "; backoff " + GoDuration.format(length(level)) + " (failure " + level + " in a row)")));
        }
        if (active) {
            return new Outcome(true, Optional.empty());
        }
        boolean arrivedSince = s.backoffLevel() > 0 && s.backoffUntil().isPresent()
                && s.lastScaleUpAt().map(up -> up.isAfter(s.backoffUntil().get())).orElse(false)
                && capacity.inFlight == 0 && capacity.registered >= s.specReplicas();
        if (arrivedSince) {
            return new Outcome(false, Optional.of(new Backoff(0, now,
                    "nodes asked for after the last backoff arrived; backoff cleared")));
        }
        return new Outcome(false, Optional.empty());
    }
}
