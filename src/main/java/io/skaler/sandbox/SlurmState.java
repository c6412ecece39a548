package io.skaler.sandbox;

import java.util.List;

/**
 * A consistent copy of the simulated Slurm at one instant, taken under the model's lock and serialized outside it.
 *
 * @param jobsLastUpdate  unix seconds of the last change to any job (what {@code update_time} is compared against)
 * @param now             the virtual time the copy was taken (a response's {@code last_update})
 */
public record SlurmState(List<SimJob> jobs, List<SimNode> nodes, List<SandboxNodeSet> nodeSets,
        long jobsLastUpdate, long nodesLastUpdate, long now) {
    public SlurmState {
        jobs = List.copyOf(jobs);
        nodes = List.copyOf(nodes);
        nodeSets = List.copyOf(nodeSets);
    }

    /** The same instant with only {@code subset} of the jobs (a single-job answer). */
    public SlurmState withJobs(List<SimJob> subset) {
        return new SlurmState(subset, nodes, nodeSets, jobsLastUpdate, nodesLastUpdate, now);
    }
}
