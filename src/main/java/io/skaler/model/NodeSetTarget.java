package io.skaler.model;

import java.util.List;

/**
 * The replica count skaler wants for one NodeSet, and, when it shrinks, which pods should go first.
 *
 * @param current      {@code spec.replicas} now
 * @param desired      what it should be
 * @param podsToRemove pods to mark with {@code nodeset.slinky.slurm.net/pod-deletion-cost} before lowering replicas,
 *                     idle longest first; empty unless {@code desired < current}
 * @param reasons      sentences a person can read: which classes and jobs drove it, which limit bound it
 */
public record NodeSetTarget(
        ObjectRef nodeSet,
        String partition,
        int current,
        int desired,
        Action action,
        List<String> podsToRemove,
        List<String> reasons) {

    public enum Action { SCALE_UP, SCALE_DOWN, HOLD, NONE, PAUSED }

    public NodeSetTarget {
        podsToRemove = List.copyOf(podsToRemove);
        reasons = List.copyOf(reasons);
        if (desired < 0) {
            throw new IllegalArgumentException(nodeSet + ": desired replicas must be >= 0");
        }
    }
}
