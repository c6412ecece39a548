package io.skaler.kube;

import java.util.Set;

/**
 * What the caller knows about Slurm at apply time.
 *
 * @param slurmReachable false when slurmrestd/slurmctld could not be read this cycle: scale-in is held
 * @param busySlurmNodes Slurm nodes running or finishing jobs; their pods are never removed (the operator's pod
 *                       conditions are checked as well)
 */
public record ExecutionContext(boolean slurmReachable, Set<String> busySlurmNodes) {
    public ExecutionContext {
        busySlurmNodes = Set.copyOf(busySlurmNodes);
    }
}
