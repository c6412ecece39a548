package io.skaler.kube;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the caller knows at apply time. There is no "Slurm unreachable" here: a cycle whose Slurm read failed or is
 * stale stops before it applies anything (docs/kubernetes.md), so the executor only ever runs on a fresh Slurm view.
 *
 * @param dryRun         this call only: compute and report, write nothing (the executor's settings may force it too)
 * @param busySlurmNodes Slurm nodes running or finishing jobs; their pods are never removed (the operator's pod
 *                       conditions are checked as well)
 * @param timeLeft       what is left of the cycle's budget: once spent, the targets not yet begun are held for the
 *                       next cycle (a target once begun is finished); empty: no bound
 */
public record ExecutionContext(boolean dryRun, Set<String> busySlurmNodes, Optional<Duration> timeLeft) {
    public ExecutionContext {
        busySlurmNodes = Set.copyOf(busySlurmNodes);
    }

    /** Without a time bound. */
    public ExecutionContext(boolean dryRun, Set<String> busySlurmNodes) {
        this(dryRun, busySlurmNodes, Optional.empty());
    }

    /** A writing (not dry-run) call. */
    public ExecutionContext(Set<String> busySlurmNodes) {
        this(false, busySlurmNodes);
    }
}
