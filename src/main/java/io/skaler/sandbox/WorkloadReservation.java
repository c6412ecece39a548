package io.skaler.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A reservation of a workload, made when the run starts ({@code scontrol create reservation
 * ReservationName=<name> StartTime=<run start + start> Duration=<duration> Nodes=<nodes> Users=<users>}). Its nodes
 * are Slurm node names, which are FUTURE placeholders then: a Slinky NodeSet's pod {@code <nodeset>-<n>} is Slurm node
 * {@code <hostname><n>} (docs/upstream.md), and Slurm accepts a FUTURE node in {@code Nodes=} but refuses a dynamic
 * node that has not registered, and picks no FUTURE node for {@code NodeCnt=}. Name the lowest ordinals of a NodeSet
 * that is at zero then: its scale-up fills the lowest free ordinals, so those are the pods that come up.
 *
 * @param start    from the run's start
 * @param duration how long it lasts; at its end its jobs still running end TIMEOUT
 * @param users    who may submit to it ({@code Users=})
 */
public record WorkloadReservation(String name, Duration start, Duration duration, List<String> nodes,
        List<String> users) {
    public WorkloadReservation {
        nodes = List.copyOf(nodes);
        users = List.copyOf(users);
        String f = "reservations." + name + ".";
        if (start.isNegative()) {
            throw new IllegalArgumentException(f + "start: must be >= 0 (an offset from the run's start)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(f + "duration: must be > 0");
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(f + "nodes: must list the Slurm nodes it holds (Nodes=)");
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(f + "users: must list who may use it (Users=)");
        }
    }

    /** The reservation as the simulated slurmctld is asked to make it, for a run starting at {@code runStart}. */
    SimReservations.Reservation at(Instant runStart) {
        long begin = runStart.plus(start).getEpochSecond();
        return new SimReservations.Reservation(name, begin, begin + duration.toSeconds(), nodes, users);
    }
}
