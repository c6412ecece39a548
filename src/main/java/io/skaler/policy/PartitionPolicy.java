package io.skaler.policy;

import java.util.List;

/** One managed partition and its NodeSets, in order of preference: demand spills to the next at max or on failure. */
public record PartitionPolicy(String name, List<NodeSetPolicy> nodeSets) {
    public PartitionPolicy {
        nodeSets = List.copyOf(nodeSets);
    }
}
