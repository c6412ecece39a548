package io.skaler.sandbox;

import java.time.Instant;

/** What the simulated Karpenter and kubelet report as it happens (virtual times). */
public interface ClusterListener {
    default void nodeLaunched(String nodePool, String claim, Instant at) {
    }

    default void nodeReady(String nodePool, String claim, Instant at) {
    }

    /** A launch failed for insufficient capacity. */
    default void capacityFailure(String nodePool, String claim, Instant at) {
    }

    default void nodeRemoved(String nodePool, String claim, Instant at) {
    }

    /** {@code spec.replicas} of a NodeSet as the operator first saw it change. */
    default void nodeSetScaled(String nodeSet, int from, int to, Instant at) {
    }
}
