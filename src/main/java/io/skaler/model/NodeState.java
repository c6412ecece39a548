package io.skaler.model;

import java.util.Set;

/**
 * A Slurm node state: exactly one base state (IDLE, MIXED, ALLOCATED, DOWN, FUTURE, ...) and flags
 * (DRAIN, COMPLETING, CLOUD, DYNAMIC_NORM, NOT_RESPONDING, ...), as slurmrestd's {@code state[]} lists them.
 */
public record NodeState(String base, Set<String> flags) {
    public NodeState {
        flags = Set.copyOf(flags);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Jobs run here or are finishing: such a node is never chosen for scale-in. */
    public boolean busy() {
        return base.equals("ALLOCATED") || base.equals("MIXED") || has("COMPLETING");
    }

    public boolean idle() {
        return base.equals("IDLE") && !has("COMPLETING");
    }

    public boolean drain() {
        return has("DRAIN");
    }

    public boolean future() {
        return base.equals("FUTURE");
    }

    /**
     * Registered and answering: a base state a working slurmd reports (IDLE, MIXED, ALLOCATED), neither unresponsive
     * nor refused at registration nor powered down. What "the node is usable" means for a boot that just ended.
     */
    public boolean up() {
        return (base.equals("IDLE") || base.equals("MIXED") || base.equals("ALLOCATED"))
                && !has("NOT_RESPONDING") && !has("INVALID_REG") && !has("POWERED_DOWN") && !has("POWERING_UP");
    }

    /** Up and able to take work: idle or partly used, neither drained, down nor unresponsive. */
    public boolean schedulable() {
        return (base.equals("IDLE") || base.equals("MIXED"))
                && !has("DRAIN") && !has("NOT_RESPONDING") && !has("POWERED_DOWN") && !has("POWERING_DOWN")
                && !has("MAINTENANCE") && !has("RESERVED") && !has("FAIL");
    }
}
