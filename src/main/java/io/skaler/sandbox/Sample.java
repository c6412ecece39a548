package io.skaler.sandbox;

import java.util.Map;

/**
 * One NodeSet at one virtual instant, for the chart and the node-hour integrals.
 *
 * @param neededNodes      nodes running jobs plus the nodes pending jobs would fill ({@link DemandEstimate})
 * @param provisionedNodes machines launched for it and not removed (booting ones included: they cost)
 * @param busyNodes        its Slurm nodes running at least one job
 * @param pendingJobs      pending job records that more nodes could help (held jobs excluded)
 */
public record Sample(long epochSecond, Map<String, Counts> nodeSets) {
    public record Counts(int neededNodes, int provisionedNodes, int busyNodes, int pendingJobs, boolean accelerator) {
    }

    public Sample {
        nodeSets = Map.copyOf(nodeSets);
    }

    int total(java.util.function.ToIntFunction<Counts> f) {
        return nodeSets.values().stream().mapToInt(f).sum();
    }
}
