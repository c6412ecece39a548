package io.skaler.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reservations of the simulated slurmctld and the rules Slurm applies to them (docs/upstream.md, "Anticipation";
 * Slurm {@code src/slurmctld/reservation.c}, {@code job_mgr.c}, slurm-24-11-7-1; measured on 24.11.5):
 * <ul>
 *   <li>made with {@code Nodes=}: the named nodes are fixed, a FUTURE placeholder is accepted, an unknown name is
 *       refused ({@code Invalid node name specified}); listed on {@code /reservations} from then until it ends;</li>
 *   <li>a job with {@code --reservation} is pending with reason {@code Reservation} and {@code eligible_time} 0 until
 *       a pass finds the reservation started ({@code job_independent}: {@code job_test_resv_now}), then eligible
 *       from that pass and placed only on the reservation's nodes;</li>
 *   <li>while active its nodes show {@code RESERVED} (FUTURE ones too: {@code [FUTURE, RESERVED]}); a job without
 *       it is not placed on a node of a reservation its time limit would overlap ({@code job_test_resv}), and waits
 *       {@code ReqNodeNotAvail, May be reserved for other job};</li>
 *   <li>at its end its running jobs end {@code TIMEOUT} ({@code job_time_limit}, {@code ResvOverRun} 0), its pending
 *       jobs are held {@code ReservationDeleted} ({@code _clear_job_resv}) and it is no longer listed.</li>
 * </ul>
 * Not simulated: {@code FLEX}, {@code MAINT}, {@code IGNORE_JOBS}, {@code NodeCnt=} (refused on FUTURE nodes anyway),
 * accounts, and a reservation that is modified after it is made.
 */
final class SimReservations {
    static final String WAITING = "Reservation";
    static final String DELETED = "ReservationDeleted";
    static final String MAY_BE_RESERVED = "ReqNodeNotAvail, May be reserved for other job";

    /**
     * One reservation as {@code scontrol create reservation} made it.
     *
     * @param startTime unix seconds
     * @param endTime   unix seconds, after the start
     * @param nodes     {@code Nodes=}, Slurm node names
     * @param users     {@code Users=}: who may submit to it
     */
    record Reservation(String name, long startTime, long endTime, List<String> nodes, List<String> users) {
        Reservation {
            nodes = List.copyOf(nodes);
            users = List.copyOf(users);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("reservation: name must not be blank");
            }
            if (endTime <= startTime) {
                throw new IllegalArgumentException("reservation " + name + ": its end must be after its start");
            }
            if (nodes.isEmpty() || users.isEmpty()) {
                throw new IllegalArgumentException("reservation " + name + ": needs nodes and users (Nodes=, Users=)");
            }
        }

        boolean active(long now) {
            return startTime <= now && now < endTime;
        }
    }

    private final Map<String, Reservation> byName = new LinkedHashMap<>();
    /** Pending jobs whose reservation has not started: out of the queue until a pass finds it started. */
    private final Set<Long> awaitingStart = new LinkedHashSet<>();

    /** {@code scontrol create reservation}; refused as slurmctld refuses it. */
    void create(Reservation r, Collection<String> configuredNodes, long now) {
        if (byName.containsKey(r.name())) {
            throw new IllegalArgumentException("reservation " + r.name() + ": Duplicate reservation name");
        }
        if (r.endTime() <= now) {
            throw new IllegalArgumentException("reservation " + r.name() + ": Invalid time specification (ends before now)");
        }
        for (String n : r.nodes()) {
            if (!configuredNodes.contains(n)) {
                throw new IllegalArgumentException("reservation " + r.name() + ": Invalid node name specified: " + n);
            }
        }
        byName.put(r.name(), r);
    }

    /** What {@code sbatch --reservation} checks: the reservation is listed and the user may use it. */
    void checkSubmit(JobRequest request) {
        var r = byName.get(request.reservation());
        if (r == null) {
            throw new IllegalArgumentException("job " + request.name() + ": Requested reservation is invalid ("
                    + request.reservation() + ")");
        }
        if (!r.users().contains(request.user())) {
            throw new IllegalArgumentException("job " + request.name() + ": Access denied to requested reservation ("
                    + r.name() + " is for " + String.join(",", r.users()) + ")");
        }
    }

    Optional<Reservation> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** As {@code GET reservations} lists them: every one not yet ended, in the order made. */
    List<Reservation> listed() {
        return new ArrayList<>(byName.values());
    }

    void remove(String name) {
        byName.remove(name);
    }

    /** Job {@code id} waits for its reservation's start. */
    void await(long id) {
        awaitingStart.add(id);
    }

    Set<Long> awaiting() {
        return awaitingStart;
    }

    /**
     * Whether the pass may place {@code job} on {@code node} at {@code now}: a job of a reservation only on its
     * nodes while it is active; any other job not on a node of a reservation that its time limit would overlap.
     */
    boolean mayUse(SimJob job, SimNode node, long now) {
        var req = job.request();
        if (req.reserved()) {
            var r = byName.get(req.reservation());
            return r != null && r.active(now) && r.nodes().contains(node.name());
        }
        return reservedAgainst(req, node, now).isEmpty();
    }

    /** The reservation that keeps a job without one off {@code node}, if any. */
    private Optional<Reservation> reservedAgainst(JobRequest req, SimNode node, long now) {
        long end = now + req.timeLimit().toSeconds();
        for (var r : byName.values()) {
            if (r.startTime() < end && r.endTime() > now && r.nodes().contains(node.name())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Whether some node of {@code partition} is kept from {@code job} by a reservation (the reason Slurm gives). */
    boolean keepsFrom(SimJob job, Collection<SimNode> nodes, String partition, long now) {
        if (job.request().reserved()) {
            return false;
        }
        return nodes.stream().anyMatch(n -> n.partitions().contains(partition)
                && reservedAgainst(job.request(), n, now).isPresent());
    }
}
