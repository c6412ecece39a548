package io.skaler.policy;

import java.time.Duration;

/**
 * Scale-down rules: a node goes only after it has been idle in Slurm for {@code idleFor}, not within
 * {@code stabilizationWindow} after a scale-up, and at most {@code maxNodesPerCycle} per NodeSet per cycle.
 */
public record ScaleDown(Duration idleFor, Duration stabilizationWindow, int maxNodesPerCycle) {
}
