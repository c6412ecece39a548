package io.skaler.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Slinky NodeSet as observed, with the history skaler keeps on the object itself (annotations), so a restart
 * re-derives it instead of forgetting it.
 *
 * @param specReplicas    {@code spec.replicas}
 * @param statusReplicas  {@code status.replicas}
 * @param readyReplicas   {@code status.readyReplicas}
 * @param paused          {@code skaler.io/paused: "true"}: skaler leaves it alone
 * @param lastScaleUpAt   when skaler last raised replicas (annotation {@code skaler.io/last-scale-up})
 * @param backoffUntil    capacity that did not arrive puts the NodeSet in backoff until then (annotation)
 * @param backoffLevel    how many consecutive failures (doubles the backoff), 0 when healthy
 * @param replicasIgnored {@code spec.scalingMode: DaemonSet}: the operator runs one pod per matching node and ignores
 *                        {@code spec.replicas}, so skaler refuses to manage it
 */
public record NodeSetState(
        ObjectRef ref,
        int specReplicas,
        int statusReplicas,
        int readyReplicas,
        boolean paused,
        List<NodeSetPod> pods,
        Optional<Instant> lastScaleUpAt,
        Optional<Instant> backoffUntil,
        int backoffLevel,
        boolean replicasIgnored) {

    public NodeSetState {
        pods = List.copyOf(pods);
    }

    /** A NodeSet in the operator's default {@code StatefulSet} scaling mode, whose replicas it follows. */
    public NodeSetState(ObjectRef ref, int specReplicas, int statusReplicas, int readyReplicas, boolean paused,
            List<NodeSetPod> pods, Optional<Instant> lastScaleUpAt, Optional<Instant> backoffUntil, int backoffLevel) {
        this(ref, specReplicas, statusReplicas, readyReplicas, paused, pods, lastScaleUpAt, backoffUntil, backoffLevel,
                false);
    }
}
