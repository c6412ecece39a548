package io.skaler.planner;

import io.skaler.model.NodeState;
import io.skaler.model.PendingJob;
import io.skaler.model.Reservation;
import io.skaler.model.SlurmNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a job that asked for a reservation ({@code --reservation}) may start, and whether more nodes can serve it.
 * Slurm fixes a reservation's nodes when it is created (named, or chosen among the nodes it knows) and runs its jobs
 * only on them (unless {@code FLEX}): if they all exist as Slurm nodes, more nodes would not serve the job at all;
 * if some are placeholders (FUTURE, not listed, or powered-down cloud nodes), they must come up for it, and the job
 * is demand from the reservation's start (docs/upstream.md, "Reservations").
 */
final class ReservationWait {
    static final ReservationWait NONE = new ReservationWait(Map.of(), Map.of());

    private final Map<String, Reservation> byName;
    private final Map<String, NodeState> nodes;

    private ReservationWait(Map<String, Reservation> byName, Map<String, NodeState> nodes) {
        this.byName = byName;
        this.nodes = nodes;
    }

    static ReservationWait of(List<Reservation> reservations, List<SlurmNode> slurmNodes) {
        Map<String, Reservation> byName = new HashMap<>();
        reservations.forEach(r -> byName.put(r.name(), r));
        Map<String, NodeState> states = new HashMap<>();
        slurmNodes.forEach(n -> states.put(n.name(), n.state()));
        return new ReservationWait(Map.copyOf(byName), Map.copyOf(states));
    }

    /** Empty when the job has no reservation, a FLEX one, or one already started on nodes that must still come up. */
    Optional<Wait> of(PendingJob job, Instant now) {
        if (job.reservation().isEmpty()) {
            return Optional.empty();
        }
        Reservation r = byName.get(job.reservation());
        if (r == null) {
            return Optional.of(new Wait.Never("waits for reservation " + job.reservation() + ", which Slurm does not"
                    + " list (deleted, or hidden from skaler's user by PrivateData=reservations)"));
        }
        if (r.flex() || r.nodes().isEmpty()) {
            return Optional.empty(); // its jobs may use other nodes, or it holds licenses only: Slurm's reason decides
        }
        Instant start = Instant.ofEpochSecond(r.startTime());
        List<String> placeholders = placeholders(r);
        if (placeholders.isEmpty()) {
            return Optional.of(new Wait.Never("runs only on the nodes of reservation " + r.name() + " ("
                    + shown(r.nodes()) + (start.isAfter(now) ? ", from " + start : "")
                    + "), which exist: more nodes would not serve it"));
        }
        if (!start.isAfter(now)) {
            return Optional.empty(); // started: Slurm's reason tells whether its placeholder nodes hold it
        }
        Instant at = job.eligibleTime() > r.startTime() ? Instant.ofEpochSecond(job.eligibleTime()) : start;
        String says = job.stateReason();
        boolean onlyThis = says.equals("Reservation") || says.equals("BeginTime") || job.eligibility().demand();
        return Optional.of(new Wait.Until(at, "reservation " + r.name() + " starts, on placeholder node(s) "
                + shown(placeholders), onlyThis, says));
    }

    /** Reserved nodes that are not up as Slurm nodes now: FUTURE, DYNAMIC_FUTURE, powered-down CLOUD, or unlisted. */
    private List<String> placeholders(Reservation r) {
        List<String> out = new ArrayList<>();
        for (String n : r.nodes()) {
            NodeState s = nodes.get(n);
            if (s == null || s.future() || s.has("DYNAMIC_FUTURE") || (s.has("CLOUD") && s.has("POWERED_DOWN"))) {
                out.add(n);
            }
        }
        return out;
    }

    private static String shown(List<String> names) {
        if (names.isEmpty()) {
            return "no nodes";
        }
        return names.size() <= 4 ? String.join(",", names)
                : String.join(",", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
