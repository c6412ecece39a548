package io.skaler.model;

import java.time.Instant;
import java.util.List;

/**
 * What skaler intends, as data: the executor applies it, the explain API shows it, the CLI prints it.
 *
 * @param partial     the planner ran out of its time budget; targets never shrink in a partial plan
 * @param warnings    things an operator should know that are not tied to one target
 */
public record Plan(
        Instant at,
        List<NodeSetTarget> targets,
        List<NodePoolTarget> nodePools,
        List<PartitionDemand> partitions,
        List<ExcludedJob> excludedJobs,
        boolean partial,
        List<String> warnings) {

    public Plan {
        targets = List.copyOf(targets);
        nodePools = List.copyOf(nodePools);
        partitions = List.copyOf(partitions);
        excludedJobs = List.copyOf(excludedJobs);
        warnings = List.copyOf(warnings);
    }

    public static Plan empty(Instant at) {
        return new Plan(at, List.of(), List.of(), List.of(), List.of(), false, List.of());
    }
}
