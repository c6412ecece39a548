package io.skaler.policy;

/** Scale-up limits: at most {@code maxNodesPerCycle} nodes added per NodeSet in one cycle. */
public record ScaleUp(int maxNodesPerCycle) {
}
