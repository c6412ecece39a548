package io.skaler.model;

import java.time.Instant;
import java.util.List;

/**
 * Slurm as read at one instant: every pending job (eligible or not, each with its {@link Eligibility}),
 * nodes and partitions, and the API version that served them; the reservations, and the running jobs that pending
 * jobs depend on, tell when a job that waits for them may start.
 *
 * @param unreadJobs pending jobs Slurm lists that have not been read yet (a large queue is read a part per cycle):
 *                   the demand is then a lower bound, so a plan may grow capacity but must not shrink it
 */
public record SlurmSnapshot(
        List<PendingJob> pendingJobs,
        List<SlurmNode> nodes,
        List<SlurmPartition> partitions,
        String apiVersion,
        Instant readAt,
        int unreadJobs,
        List<Reservation> reservations,
        List<RunningJob> runningJobs) {

    public SlurmSnapshot {
        pendingJobs = List.copyOf(pendingJobs);
        nodes = List.copyOf(nodes);
        partitions = List.copyOf(partitions);
        reservations = List.copyOf(reservations);
        runningJobs = List.copyOf(runningJobs);
        if (unreadJobs < 0) {
            throw new IllegalArgumentException("unreadJobs must be >= 0, got " + unreadJobs);
        }
    }

    /** A read without reservations or running jobs. */
    public SlurmSnapshot(List<PendingJob> pendingJobs, List<SlurmNode> nodes, List<SlurmPartition> partitions,
                         String apiVersion, Instant readAt, int unreadJobs) {
        this(pendingJobs, nodes, partitions, apiVersion, readAt, unreadJobs, List.of(), List.of());
    }

    /** A complete read: every pending job read. */
    public SlurmSnapshot(List<PendingJob> pendingJobs, List<SlurmNode> nodes, List<SlurmPartition> partitions,
                         String apiVersion, Instant readAt) {
        this(pendingJobs, nodes, partitions, apiVersion, readAt, 0);
    }

    public static SlurmSnapshot empty(Instant at) {
        return new SlurmSnapshot(List.of(), List.of(), List.of(), "none", at);
    }
}
