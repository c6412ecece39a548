package io.skaler.kube;

import java.time.Duration;
import java.util.Map;
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
 * @param slurmRegistrations by Slurm node name, what Slurm shows of each registered node (its slurmd start, up or
 *                       not): boot times are learned up to the registration, not just to the pod's Ready
 */
public record ExecutionContext(boolean dryRun, Set<String> busySlurmNodes, Optional<Duration> timeLeft,
        Map<String, BootTimeLearner.Registration> slurmRegistrations) {
    public ExecutionContext {
        busySlurmNodes = Set.copyOf(busySlurmNodes);
        slurmRegistrations = Map.copyOf(slurmRegistrations);
    }

    /** Without Slurm's registrations (boot times then end at the pod's Ready). */
    public ExecutionContext(boolean dryRun, Set<String> busySlurmNodes, Optional<Duration> timeLeft) {
        this(dryRun, busySlurmNodes, timeLeft, Map.of());
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
