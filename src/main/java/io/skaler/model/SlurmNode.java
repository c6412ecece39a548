package io.skaler.model;

import java.util.List;

/**
 * One Slurm node from {@code /nodes}.
 *
 * @param lastBusy   unix seconds when the node last ran a job (0 when unknown); drives idle-for in scale-in
 * @param comment    slurm-operator writes the pod identity here (JSON with namespace/podName/...), {@code ""} when none
 * @param slurmdStartedAt unix seconds when its slurmd started, as slurmd reported it when it registered
 *                   ({@code slurmd_start_time}; 0 for a node that never registered, e.g. FUTURE)
 */
public record SlurmNode(
        String name,
        NodeState state,
        List<String> partitions,
        List<String> features,
        int cpus,
        int allocCpus,
        long realMemoryMB,
        long allocMemoryMB,
        Gres gres,
        Gres gresUsed,
        String reason,
        String reasonSetByUser,
        long reasonChangedAt,
        long lastBusy,
        String comment,
        long slurmdStartedAt) {

    public SlurmNode {
        partitions = List.copyOf(partitions);
        features = List.copyOf(features);
    }

    /** A node whose slurmd start is not known. */
    public SlurmNode(String name, NodeState state, List<String> partitions, List<String> features, int cpus,
            int allocCpus, long realMemoryMB, long allocMemoryMB, Gres gres, Gres gresUsed, String reason,
            String reasonSetByUser, long reasonChangedAt, long lastBusy, String comment) {
        this(name, state, partitions, features, cpus, allocCpus, realMemoryMB, allocMemoryMB, gres, gresUsed, reason,
                reasonSetByUser, reasonChangedAt, lastBusy, comment, 0);
    }

    /** True when the node runs or finishes work: never chosen for scale-in. */
    public boolean runsJobs() {
        return state.busy() || allocCpus > 0 || !gresUsed.isEmpty();
    }
}
