package io.skaler.model;

import java.time.Instant;
import java.util.List;

/**
 * Kubernetes as seen by skaler's informers at one instant (only after every informer has synced).
 *
 * @param coverage the namespaces the view could see: a NodeSet outside them is unknown, not absent
 */
public record KubeSnapshot(
        List<NodeSetState> nodeSets,
        List<NodePoolState> nodePools,
        List<NodeClaimState> nodeClaims,
        Instant observedAt,
        NamespaceCoverage coverage) {

    public KubeSnapshot {
        nodeSets = List.copyOf(nodeSets);
        nodePools = List.copyOf(nodePools);
        nodeClaims = List.copyOf(nodeClaims);
        java.util.Objects.requireNonNull(coverage, "coverage");
    }

    /** A snapshot that saw every namespace (files, the sandbox, tests). */
    public KubeSnapshot(List<NodeSetState> nodeSets, List<NodePoolState> nodePools, List<NodeClaimState> nodeClaims,
            Instant observedAt) {
        this(nodeSets, nodePools, nodeClaims, observedAt, NamespaceCoverage.ALL);
    }

    public static KubeSnapshot empty(Instant at) {
        return new KubeSnapshot(List.of(), List.of(), List.of(), at);
    }
}
