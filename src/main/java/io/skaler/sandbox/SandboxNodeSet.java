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
 * @param hostname    the pod template's hostname, which names the Slurm nodes ({@link NodeSetPodNaming}); Slinky's
 *                    chart sets {@code "<key>-"}. The simulated Slurm names nodes after pods, so only
 *                    {@code --slurm-url} runs take another than {@code "<name>-"}
 */
public record SandboxNodeSet(String name, String partition, NodeShape node, int maxNodes, String nodePool,
        int replicas, String hostname) {

    /** Pods and Slurm nodes of one name: the template hostname is {@code "<name>-"}. */
    public SandboxNodeSet(String name, String partition, NodeShape node, int maxNodes, String nodePool,
            int replicas) {
        this(name, partition, node, maxNodes, nodePool, replicas, name + "-");
    }

    public SandboxNodeSet {
        if (name == null || name.isBlank() || partition == null || partition.isBlank()) {
            throw new IllegalArgumentException("nodeSet: name and partition must not be blank");
        }
        if (maxNodes < 1 || replicas < 0 || replicas > maxNodes) {
            throw new IllegalArgumentException("nodeSet " + name + ": needs maxNodes >= 1 and 0 <= replicas <= maxNodes");
        }
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("nodeSet " + name + ": hostname must not be blank");
        }
        if (node.cpus() < 1 || node.memoryMB() < 1) {
            throw new IllegalArgumentException("nodeSet " + name + ": node needs cpus >= 1 and memoryMB >= 1");
        }
    }
}
