package io.skaler.sandbox;

import io.skaler.policy.NodeShape;

/**
 * One NodeSet of the sandbox cluster, as Slurm, Kubernetes and Karpenter each see a part of it.
 *
 * @param partition   the Slurm partition its nodes join ({@code PartitionName=<partition> Nodes=<nodeset>})
 * @param node        what each node (one pod) offers Slurm
 * @param maxNodes    FUTURE placeholders configured in Slurm: the most nodes it can ever have
 * @param nodePool    the Karpenter NodePool whose machines host its pods
 * @param replicas    {@code spec.replicas} the NodeSet starts with
 */
public record SandboxNodeSet(String name, String partition, NodeShape node, int maxNodes, String nodePool,
        int replicas) {
    public SandboxNodeSet {
        if (name == null || name.isBlank() || partition == null || partition.isBlank()) {
            throw new IllegalArgumentException("nodeSet: name and partition must not be blank");
        }
        if (maxNodes < 1 || replicas < 0 || replicas > maxNodes) {
            throw new IllegalArgumentException("nodeSet " + name + ": needs maxNodes >= 1 and 0 <= replicas <= maxNodes");
        }
        if (node.cpus() < 1 || node.memoryMB() < 1) {
            throw new IllegalArgumentException("nodeSet " + name + ": node needs cpus >= 1 and memoryMB >= 1");
        }
    }
}
