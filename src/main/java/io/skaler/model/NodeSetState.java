package io.skaler.model;

import java.time.Duration;
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
 * @param learnedBootTime p90 of the NodeSet's measured launches (annotation {@code skaler.io/boot-time}), empty until
 *                        enough launches were seen; the policy's {@code scaleUp.bootTime} stands in until then
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
        boolean replicasIgnored,
        Optional<Duration> learnedBootTime) {

    public NodeSetState {
        pods = List.copyOf(pods);
    }

    /** A NodeSet that has not learned its boot time yet. */
    public NodeSetState(ObjectRef ref, int specReplicas, int statusReplicas, int readyReplicas, boolean paused,
            List<NodeSetPod> pods, Optional<Instant> lastScaleUpAt, Optional<Instant> backoffUntil, int backoffLevel,
            boolean replicasIgnored) {
        this(ref, specReplicas, statusReplicas, readyReplicas, paused, pods, lastScaleUpAt, backoffUntil, backoffLevel,
                replicasIgnored, Optional.empty());
    }

    /** A NodeSet in the operator's default {@code StatefulSet} scaling mode, whose replicas it follows. */
    public NodeSetState(ObjectRef ref, int specReplicas, int statusReplicas, int readyReplicas, boolean paused,
            List<NodeSetPod> pods, Optional<Instant> lastScaleUpAt, Optional<Instant> backoffUntil, int backoffLevel) {
        this(ref, specReplicas, statusReplicas, readyReplicas, paused, pods, lastScaleUpAt, backoffUntil, backoffLevel,
                false);
    }
}
