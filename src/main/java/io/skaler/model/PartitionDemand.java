package io.skaler.model;

import java.util.Map;

/**
 * Demand the planner found in one managed partition.
 *
 * @param eligibleJobs      pending jobs (array tasks counted one each) that more nodes would let run
 * @param pendingGpus       GPUs those jobs ask for in total
 * @param pendingGres       every GRES kind asked for ({@code gpu}, {@code neuron}, ...) in total
 * @param pendingCpus       CPUs asked for in total
 * @param nodesNeeded       nodes of the partition's shapes that would host that demand (before limits)
 * @param unplaceableJobs   eligible jobs that fit no managed node shape (reported, not counted)
 */
public record PartitionDemand(
        String name,
        int eligibleJobs,
        long pendingGpus,
        Map<String, Long> pendingGres,
        long pendingCpus,
        int nodesNeeded,
        int unplaceableJobs) {

    public PartitionDemand {
        pendingGres = Map.copyOf(pendingGres);
    }
}
