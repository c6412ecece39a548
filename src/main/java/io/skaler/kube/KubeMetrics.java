package io.skaler.kube;

import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.metrics.Labels.HoldReason;
import io.skaler.metrics.Labels.KubeKind;
import io.skaler.metrics.Labels.KubeVerb;
import io.skaler.metrics.Labels.PausedKind;
import io.skaler.metrics.Labels.RetryReason;
import io.skaler.metrics.Labels.UnmanagedReason;
import io.skaler.metrics.Labels.WatchedResource;
import io.skaler.metrics.Labels.WriteResult;
import io.skaler.metrics.SkalerMetrics;
import io.skaler.model.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor's view of skaler's metrics: translates the executor's words (kinds as the API names them, a
 * {@link DrainBlocker}) into the closed labels of {@link SkalerMetrics}, which defines every meter once, so the kube
 * and loop code never register one name with two label sets.
 */
public final class KubeMetrics {
    private final SkalerMetrics metrics;
    private final MeterRegistry registry;
    /** Since when each NodeSet's scale-in is held: {@code skaler_scale_in_held_seconds} counts from there. */
    private final Map<ObjectRef, Instant> heldSince = new ConcurrentHashMap<>();

    public KubeMetrics(MeterRegistry registry) {
        this.metrics = SkalerMetrics.on(registry);
        this.registry = registry;
    }

    /** @param kind the API kind written (NodeSet, NodePool, Pod, Event); @param result ok, failed or refused */
    public void write(String kind, String verb, String result) {
        boolean scale = verb.equals("update-scale"); // the NodeSet's /scale subresource
        metrics.kubeWrite(scale ? KubeKind.NODESET_SCALE : kind(kind),
                scale ? KubeVerb.UPDATE : KubeVerb.valueOf(verb.toUpperCase(Locale.ROOT)),
                result.equals("failed") ? WriteResult.ERROR : WriteResult.valueOf(result.toUpperCase(Locale.ROOT)));
    }

    /** @param reason conflict, throttled, server_error or connection */
    public void retry(String kind, String reason) {
        metrics.kubeWriteRetry(kind(kind), RetryReason.valueOf(reason.toUpperCase(Locale.ROOT)));
    }

    /** Scale-in of {@code nodeSet} is held for {@code blocker} (one reason at a time). */
    public void scaleInHeld(ObjectRef nodeSet, DrainBlocker blocker) {
        Instant now = Instant.ofEpochMilli(registry.config().clock().wallTime());
        Instant since = heldSince.computeIfAbsent(nodeSet, n -> now);
        metrics.scaleInHeld(nodeSet, HoldReason.valueOf(blocker.name()), Duration.between(since, now));
    }

    public void scaleInNotHeld(ObjectRef nodeSet) {
        if (heldSince.remove(nodeSet) != null) {
            metrics.scaleInReleased(nodeSet);
        }
    }

    /** {@code spec.scalingMode: DaemonSet} makes the operator ignore replicas: skaler writes nothing to it. */
    public void replicasIgnored(ObjectRef nodeSet, boolean ignored) {
        metrics.nodeSetUnmanaged(nodeSet, ignored ? Optional.of(UnmanagedReason.DAEMONSET_SCALING_MODE)
                : Optional.empty());
    }

    public void consolidationRisk(String nodePool, boolean atRisk) {
        metrics.consolidationRisk(nodePool, atRisk);
    }

    public void nodePoolProblem(String nodePool, KarpenterChecks.Problem problem, boolean present) {
        metrics.nodePoolProblem(nodePool, io.skaler.metrics.Labels.NodePoolProblem.valueOf(problem.name()), present);
    }

    /** @param kind NodeSet or NodePool */
    public void paused(String kind, String name, boolean paused) {
        metrics.paused(PausedKind.valueOf(kind.toUpperCase(Locale.ROOT)), name, paused);
    }

    /** @param presentByInformer the view's informers by name, true while the API server serves their resource */
    public void resourcesPresent(Map<String, Boolean> presentByInformer) {
        presentByInformer.forEach((informer, present) -> metrics.kubeResourceMissing(
                WatchedResource.valueOf(informer.toUpperCase(Locale.ROOT).replace('-', '_')), !present));
    }

    /** Another field manager wrote {@code field} of a NodeSet or NodePool after skaler did (count once per write). */
    public void foreignWrite(PausedKind kind, io.skaler.metrics.Labels.OwnedField field) {
        metrics.foreignWrite(kind, field);
    }

    private static KubeKind kind(String apiKind) {
        return KubeKind.valueOf(apiKind.toUpperCase(Locale.ROOT));
    }
}
