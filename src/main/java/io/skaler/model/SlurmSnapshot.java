package io.skaler.model;

import java.time.Instant;
import java.util.List;

/**
 * Slurm as read at one instant: every pending job (eligible or not, each with its {@link Eligibility}),
 * nodes and partitions, and the API version that served them.
 */
public record SlurmSnapshot(
        List<PendingJob> pendingJobs,
        List<SlurmNode> nodes,
        List<SlurmPartition> partitions,
        String apiVersion,
        Instant readAt) {

    public SlurmSnapshot {
        pendingJobs = List.copyOf(pendingJobs);
        nodes = List.copyOf(nodes);
        partitions = List.copyOf(partitions);
    }

    public static SlurmSnapshot empty(Instant at) {
        return new SlurmSnapshot(List.of(), List.of(), List.of(), "none", at);
    }
}
