package io.skaler.kube;

import io.skaler.model.NodePoolState;
import java.util.Optional;

/**
 * Can Karpenter evict a slurmd pod of this pool to consolidate? A slurmd pod is not a DaemonSet pod, so under any
 * policy but {@code WhenEmpty} an idle (unprotected) one may be evicted, and its preStop DOWNs the Slurm node. Static
 * pools are never consolidated; {@code karpenter.sh/do-not-disrupt} on the node template, or a {@code nodes: "0"}
 * budget, protects them, but at a cost: such nodes are never removed, even empty ({@link KarpenterChecks}). Pure.
 */
public final class ConsolidationRisk {
    private ConsolidationRisk() {
    }

    /** A sentence for the warning, or empty when the pool is safe for slurmd pods. */
    public static Optional<String> assess(NodePoolState pool) {
        if (pool.staticReplicas().isPresent() || pool.doNotDisrupt()
                || KubeNames.WHEN_EMPTY.equals(pool.consolidationPolicy())) {
            return Optional.empty();
        }
        return Optional.of("NodePool " + pool.name() + " has consolidationPolicy " + pool.consolidationPolicy()
                + " and no " + KubeNames.DO_NOT_DISRUPT + " protection: Karpenter may evict slurmd pods to"
                + " consolidate, which takes their Slurm nodes DOWN. Use consolidationPolicy: WhenEmpty, and put "
                + KubeNames.DO_NOT_DISRUPT + ": \"true\" on the slurmd pods (the NodeSet's pod template), not on the"
                + " nodes: on the nodes it keeps them even when empty");
    }
}
