package io.skaler.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What skaler intends, as data: the executor applies it, the explain API shows it, the CLI prints it.
 *
 * @param partial     the planner ran out of its time budget; targets never shrink in a partial plan
 * @param warnings    things an operator should know that are not tied to one target
 * @param nodeSets    what the planner saw of each managed NodeSet (in flight, at max, unserved demand), for reporting
 * @param anticipatedJobs pending jobs counted before they become eligible (within the look-ahead), each with why
 * @param nextLookAheadEntry the earliest instant a job left out only because it is beyond its look-ahead comes
 *                        within it: the loop plans again then rather than at its next resync
 */
public record Plan(
        Instant at,
        List<NodeSetTarget> targets,
        List<NodePoolTarget> nodePools,
        List<PartitionDemand> partitions,
        List<ExcludedJob> excludedJobs,
        boolean partial,
        List<String> warnings,
        List<NodeSetReport> nodeSets,
        List<AnticipatedJob> anticipatedJobs,
        Optional<Instant> nextLookAheadEntry) {

    public Plan {
        anticipatedJobs = List.copyOf(anticipatedJobs);
        nodeSets = List.copyOf(nodeSets);
        targets = List.copyOf(targets);
        nodePools = List.copyOf(nodePools);
        partitions = List.copyOf(partitions);
        excludedJobs = List.copyOf(excludedJobs);
        warnings = List.copyOf(warnings);
    }

    /** A plan with no job waiting to enter its look-ahead. */
    public Plan(Instant at, List<NodeSetTarget> targets, List<NodePoolTarget> nodePools,
            List<PartitionDemand> partitions, List<ExcludedJob> excludedJobs, boolean partial, List<String> warnings,
            List<NodeSetReport> nodeSets, List<AnticipatedJob> anticipatedJobs) {
        this(at, targets, nodePools, partitions, excludedJobs, partial, warnings, nodeSets, anticipatedJobs,
                Optional.empty());
    }

    /** A plan that counted no job ahead of its eligibility. */
    public Plan(Instant at, List<NodeSetTarget> targets, List<NodePoolTarget> nodePools,
            List<PartitionDemand> partitions, List<ExcludedJob> excludedJobs, boolean partial, List<String> warnings,
            List<NodeSetReport> nodeSets) {
        this(at, targets, nodePools, partitions, excludedJobs, partial, warnings, nodeSets, List.of());
    }

    /** A plan without NodeSet reports (plans made before they existed, tests of the executor). */
    public Plan(Instant at, List<NodeSetTarget> targets, List<NodePoolTarget> nodePools,
            List<PartitionDemand> partitions, List<ExcludedJob> excludedJobs, boolean partial, List<String> warnings) {
        this(at, targets, nodePools, partitions, excludedJobs, partial, warnings, List.of());
    }

    public static Plan empty(Instant at) {
        return new Plan(at, List.of(), List.of(), List.of(), List.of(), false, List.of());
    }
}
