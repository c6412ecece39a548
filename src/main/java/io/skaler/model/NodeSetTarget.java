package io.skaler.model;

import java.util.List;
import java.util.Optional;

/**
 * The replica count skaler wants for one NodeSet, and, when it shrinks, which pods should go first.
 *
 * @param current      {@code spec.replicas} now
 * @param desired      what it should be
 * @param podsToRemove pods to mark with {@code nodeset.slinky.slurm.net/pod-deletion-cost} before lowering replicas,
 *                     idle longest first; empty unless {@code desired < current}
 * @param reasons      sentences a person can read: which classes and jobs drove it, which limit bound it
 * @param backoff      present when the NodeSet's backoff annotations must change (enter, extend or clear)
 */
public record NodeSetTarget(
        ObjectRef nodeSet,
        String partition,
        int current,
        int desired,
        Action action,
        List<String> podsToRemove,
        List<String> reasons,
        Optional<Backoff> backoff) {

    public enum Action { SCALE_UP, SCALE_DOWN, HOLD, NONE, PAUSED }

    public NodeSetTarget {
        podsToRemove = List.copyOf(podsToRemove);
        reasons = List.copyOf(reasons);
        if (desired < 0) {
            throw new IllegalArgumentException(nodeSet + ": desired replicas must be >= 0");
        }
    }

    /** A target that leaves the backoff annotations as they are. */
    public NodeSetTarget(ObjectRef nodeSet, String partition, int current, int desired, Action action,
                         List<String> podsToRemove, List<String> reasons) {
        this(nodeSet, partition, current, desired, action, podsToRemove, reasons, Optional.empty());
    }
}
