package io.skaler.model;

import java.util.List;
import java.util.Set;

/**
 * One Slurm reservation from {@code /reservations}. Slurm fixes a reservation's nodes when it is created: named with
 * {@code Nodes=}, or chosen by slurmctld for {@code NodeCnt=} among the nodes it knows (docs/upstream.md), so
 * {@code nodes} is what a job of the reservation may run on (unless {@code FLEX}).
 *
 * @param name      {@code ReservationName}
 * @param startTime unix seconds
 * @param endTime   unix seconds, 0 when unknown
 * @param nodes     the reserved nodes, expanded; empty for a reservation of licenses or burst buffers only
 * @param nodeCount {@code NodeCnt}
 * @param partition {@code PartitionName}, {@code ""} when none was given
 * @param users     users allowed (a leading {@code -} denies)
 * @param accounts  accounts allowed
 * @param flags     e.g. {@code SPEC_NODES} (nodes were named), {@code FLEX}, {@code MAINT}, {@code IGNORE_JOBS}
 */
public record Reservation(
        String name,
        long startTime,
        long endTime,
        List<String> nodes,
        int nodeCount,
        String partition,
        List<String> users,
        List<String> accounts,
        Set<String> flags) {

    public Reservation {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("reservation needs a name");
        }
        nodes = List.copyOf(nodes);
        users = List.copyOf(users);
        accounts = List.copyOf(accounts);
        flags = Set.copyOf(flags);
    }

    /** {@code FLEX}: its jobs may start before it and use nodes outside it, so it does not hold them. */
    public boolean flex() {
        return flags.contains("FLEX");
    }
}
