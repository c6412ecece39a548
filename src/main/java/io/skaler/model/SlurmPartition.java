package io.skaler.model;

import java.util.List;

/**
 * One Slurm partition from {@code /partitions}.
 *
 * @param nodeSets        Slurm {@code Nodeset=} names the partition is built from
 * @param nodesConfigured the {@code Nodes=} expression
 * @param totalNodes      nodes currently in the partition
 * @param maxNodesPerJob  {@code MaxNodes}, 0 when unlimited
 * @param minNodesPerJob  {@code MinNodes}, 0 when unset
 * @param states          {@code UP}, {@code DOWN}, {@code DRAIN}, {@code INACTIVE}
 */
public record SlurmPartition(
        String name,
        List<String> nodeSets,
        String nodesConfigured,
        int totalNodes,
        int maxNodesPerJob,
        int minNodesPerJob,
        List<String> states) {

    public SlurmPartition {
        nodeSets = List.copyOf(nodeSets);
        states = List.copyOf(states);
    }

    public boolean up() {
        return states.contains("UP");
    }
}
