package io.skaler.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated policy. Every NodeSet carries its effective settings (defaults already applied), so the planner
 * never has to merge layers itself.
 *
 * @param partitions     managed Slurm partitions; partitions not listed are observed only
 * @param gresResources  GRES kind to Kubernetes extended resource ({@code gpu -> nvidia.com/gpu},
 *                       {@code neuron -> aws.amazon.com/neuron} by default)
 * @param version        a stable fingerprint of the source text, shown in status and metrics
 * @param memoryConsumable whether Slurm schedules memory ({@code slurm.memoryConsumable}): when false, a job's
 *                       memory request only has to fit one node, it does not add up, and a job without
 *                       {@code --mem} does not take the whole node
 */
public record Policy(List<PartitionPolicy> partitions, Map<String, String> gresResources, String version,
        boolean memoryConsumable) {
    public Policy {
        partitions = List.copyOf(partitions);
        gresResources = Map.copyOf(gresResources);
    }

    /** A policy for a cluster that schedules memory (the default). */
    public Policy(List<PartitionPolicy> partitions, Map<String, String> gresResources, String version) {
        this(partitions, gresResources, version, PolicyDefaults.MEMORY_CONSUMABLE);
    }

    public Optional<PartitionPolicy> partition(String name) {
        return partitions.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
