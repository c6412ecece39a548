package io.skaler.sandbox;

import java.util.Map;

/**
 * One NodeSet at one virtual instant, for the chart and the node-hour integrals.
 *
 * @param neededNodes      nodes running jobs plus the nodes pending jobs would fill ({@link DemandEstimate})
 * @param provisionedNodes machines launched for it and not removed (booting ones included: they cost)
 * @param busyNodes        its Slurm nodes running at least one job
 * @param pendingJobs      pending job records that more nodes could help (held jobs and jobs not yet eligible
 *                         excluded)
 * @param awaitingNodes    nodes the pending jobs not yet eligible ({@code --begin}, {@code afterok}) will need (packed the same way)
 */
public record Sample(long epochSecond, Map<String, Counts> nodeSets) {
    public record Counts(int neededNodes, int provisionedNodes, int busyNodes, int pendingJobs, boolean accelerator,
            int awaitingNodes) {
        public Counts(int neededNodes, int provisionedNodes, int busyNodes, int pendingJobs, boolean accelerator) {
            this(neededNodes, provisionedNodes, busyNodes, pendingJobs, accelerator, 0);
        }

        /** Nodes up beyond today's need while jobs wait for their {@code --begin} time or dependency, up to what they will need. */
        int idleAhead() {
            return Math.min(awaitingNodes, Math.max(0, provisionedNodes - neededNodes));
        }
    }

    public Sample {
        nodeSets = Map.copyOf(nodeSets);
    }

    int total(java.util.function.ToIntFunction<Counts> f) {
        return nodeSets.values().stream().mapToInt(f).sum();
    }
}
