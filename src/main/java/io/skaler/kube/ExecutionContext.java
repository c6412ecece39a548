package io.skaler.kube;

import java.util.Set;

/**
 * What the caller knows at apply time.
 *
 * @param dryRun         this call only: compute and report, write nothing (the executor's settings may force it too)
 * @param slurmReachable false when slurmrestd/slurmctld could not be read this cycle: scale-in is held
 * @param busySlurmNodes Slurm nodes running or finishing jobs; their pods are never removed (the operator's pod
 *                       conditions are checked as well)
 */
public record ExecutionContext(boolean dryRun, boolean slurmReachable, Set<String> busySlurmNodes) {
    public ExecutionContext {
        busySlurmNodes = Set.copyOf(busySlurmNodes);
    }

    /** A writing (not dry-run) call. */
    public ExecutionContext(boolean slurmReachable, Set<String> busySlurmNodes) {
        this(false, slurmReachable, busySlurmNodes);
    }
}
