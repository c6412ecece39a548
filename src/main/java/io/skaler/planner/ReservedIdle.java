package io.skaler.planner;

import io.skaler.model.AnticipatedJob;
import io.skaler.model.PendingJob;
import io.skaler.model.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Idle nodes that a reservation names while jobs wait for it, from the moment it enters the NodeSet's look-ahead to
 * its end: such a job runs only on the reservation's nodes (unless {@code FLEX}), so removing one would only make the
 * reservation's node a placeholder to launch again for the same job. A reservation no pending job asks for (a
 * maintenance window, say) or only held jobs ask for (they run nowhere until released) keeps nothing: its nodes go by the normal rules and come back
 * ahead of its jobs.
 */
final class ReservedIdle {
    static final ReservedIdle NONE = new ReservedIdle(Map.of(), Map.of());

    private final Map<String, Reservation> byNode;
    private final Map<String, TreeSet<Long>> waiting;

    private ReservedIdle(Map<String, Reservation> byNode, Map<String, TreeSet<Long>> waiting) {
        this.byNode = byNode;
        this.waiting = waiting;
    }

    static ReservedIdle of(List<Reservation> reservations, List<PendingJob> pending, Instant now) {
        Map<String, TreeSet<Long>> waiting = new HashMap<>();
        for (PendingJob j : pending) {
            if (!j.reservation().isEmpty() && !j.eligibility().held()) { // a set: an array's or het job's records share one id
                waiting.computeIfAbsent(j.reservation(), k -> new TreeSet<>()).add(j.jobId());
            }
        }
        Map<String, Reservation> byNode = new HashMap<>();
        for (Reservation r : reservations) {
            boolean ended = r.endTime() > 0 && r.endTime() <= now.getEpochSecond();
            if (r.flex() || ended || !waiting.containsKey(r.name())) {
                continue;
            }
            for (String node : r.nodes()) {
                byNode.merge(node, r, (a, b) -> a.startTime() <= b.startTime() ? a : b);
            }
        }
        return byNode.isEmpty() ? NONE : new ReservedIdle(Map.copyOf(byNode), Map.copyOf(waiting));
    }

    /**
     * This NodeSet's idle nodes to keep, each with why, in the order given: those of a reservation that has started,
     * or starts within the NodeSet's look-ahead (the learned boot time or {@code scaleUp.bootTime} under
     * {@code lookAhead: auto}), that jobs wait for.
     */
    Map<String, String> keptOf(NodeSetWork w, Instant now) {
        if (byNode.isEmpty()) {
            return Map.of();
        }
        Duration lookAhead = Anticipation.Horizon.of(w.policy, w.state).lookAhead();
        Map<String, String> kept = new LinkedHashMap<>();
        for (NodeSetCapacity.IdleNode node : w.capacity.idle) {
            Reservation r = byNode.get(node.slurmNode());
            if (r == null) {
                continue;
            }
            Instant start = Instant.ofEpochSecond(r.startTime());
            if (!start.isAfter(now)) {
                kept.put(node.slurmNode(), "reservation " + r.name() + " started at " + start + " and " + waitFor(r));
            } else if (!start.minus(lookAhead).isAfter(now)) {
                kept.put(node.slurmNode(), "reservation " + r.name() + " starts at " + start + ", within look-ahead "
                        + AnticipatedJob.minutes(lookAhead) + ", and " + waitFor(r));
            }
        }
        return kept;
    }

    private String waitFor(Reservation r) {
        TreeSet<Long> ids = waiting.get(r.name());
        return ids.size() == 1 ? "job " + ids.first() + " waits for it"
                : "jobs " + ids.first() + " and " + (ids.size() - 1) + " more wait for it";
    }
}
