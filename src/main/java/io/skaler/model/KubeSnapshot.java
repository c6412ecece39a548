package io.skaler.model;

import java.time.Instant;
import java.util.List;

/** Kubernetes as seen by skaler's informers at one instant (only after every informer has synced). */
public record KubeSnapshot(
        List<NodeSetState> nodeSets,
        List<NodePoolState> nodePools,
        List<NodeClaimState> nodeClaims,
        Instant observedAt) {

    public KubeSnapshot {
        nodeSets = List.copyOf(nodeSets);
        nodePools = List.copyOf(nodePools);
        nodeClaims = List.copyOf(nodeClaims);
    }

    public static KubeSnapshot empty(Instant at) {
        return new KubeSnapshot(List.of(), List.of(), List.of(), at);
    }
}
