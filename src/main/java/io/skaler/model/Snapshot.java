package io.skaler.model;

/** One consistent view: the planner's whole input besides the policy and the time. */
public record Snapshot(SlurmSnapshot slurm, KubeSnapshot kube) {
}
