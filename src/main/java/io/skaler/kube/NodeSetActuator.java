package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodeSetTarget;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies one {@link NodeSetTarget}: the premise and pause checks, the planner's backoff kept on the NodeSet
 * ({@link BackoffRecord}), and scale-up, which records {@code skaler.io/last-scale-up} before raising replicas. A
 * target whose {@code current} no longer matches the object is refused: the plan was made on another state and the
 * next cycle replans. Scale-in and the scale-in marks every target settles are {@link NodeSetScaleIn}'s; the replica
 * write itself ({@code /scale}, or a merge patch where the CRD has none) is {@link NodeSetReplicas}'.
 */
final class NodeSetActuator {
    private static final Logger LOG = Logger.getLogger(NodeSetActuator.class);

    private final KubernetesClient client;
    private final KubeView view;
    private final KubeWriter writer;
    private final KubeEvents events;
    private final KubeMetrics metrics;
    private final ExecutorSettings settings;
    private final Clock clock;
    private final BackoffRecord backoffs;
    private final NodeSetReplicas replicaWriter;
    private final NodeSetScaleIn scaleIn;
    private final BootTimeRecord bootTimes;

    NodeSetActuator(KubernetesClient client, KubeView view, KubeWriter writer, KubeEvents events, KubeMetrics metrics,
            ExecutorSettings settings, Clock clock) {
        this.client = client;
        this.view = view;
        this.writer = writer;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.backoffs = new BackoffRecord(writer, settings);
        this.replicaWriter = new NodeSetReplicas(writer);
        this.scaleIn = new NodeSetScaleIn(view, new ScaleInMarks(client, writer, settings, clock), replicaWriter,
                events, metrics, settings);
        this.bootTimes = new BootTimeRecord(writer, settings, clock);
    }

    void apply(NodeSetTarget t, ExecutionContext ctx, ExecutionReport.Builder report) {
        String name = t.nodeSet().name();
        String target = t.nodeSet().toString();
        Resource<GenericKubernetesResource> res = client.genericKubernetesResources(
                KubeResources.nodeSets(view.nodeSetVersion())).inNamespace(namespace(t)).withName(name);
        // A target that writes nothing to the NodeSet needs no fresh read (scale-in marks re-read their own pods):
        // the watch's copy serves, sparing a GET per managed NodeSet per cycle. One that writes reads it fresh, and
        // an object the cache lacks is confirmed missing by the API server itself.
        boolean writesNodeSet = t.desired() != t.current() || t.backoff().isPresent();
        GenericKubernetesResource live = writesNodeSet ? res.get()
                : view.nodeSet(namespace(t), name).orElseGet(res::get);
        if (live == null) {
            String why = "NodeSet " + target + " not found in Kubernetes (deleted or renamed?): nothing written; "
                    + "acting again once it exists";
            report.add("NodeSet", target, Outcome.FAILED, why);
            LOG.warn(why);
            return;
        }
        boolean paused = KubeMapping.isTrue(Fields.annotations(live).get(KubeNames.PAUSED));
        metrics.paused("NodeSet", name, paused);
        if (paused) {
            report.add("NodeSet", target, Outcome.PAUSED, KubeNames.PAUSED + "=true: left alone");
            events.normal(live, "SkalerPaused", KubeNames.PAUSED + "=true: skaler leaves this NodeSet alone");
            return;
        }
        boolean ignored = KubeMapping.ignoresReplicas(live);
        metrics.replicasIgnored(t.nodeSet(), ignored);
        if (ignored) {
            String why = "spec.scalingMode is DaemonSet: slurm-operator runs one pod per matching node and ignores "
                    + "spec.replicas; skaler does not manage this NodeSet and writes nothing to it";
            report.add("NodeSet", target, Outcome.REFUSED, why);
            events.warning(live, "ScalingModeUnsupported", why);
            return;
        }
        int current = Fields.intAt(live, 1, "spec", "replicas");
        if (current != t.current()) {
            report.add("NodeSet", target, Outcome.REFUSED, "spec.replicas is " + current + " but the plan saw "
                    + t.current() + "; replanning next cycle");
            return;
        }
        bootTimes.record(target, view.podsOf(namespace(t), name), view.nodeClaims(), ctx.slurmRegistrations(),
                ctx.dryRun(), res, live, report);
        String why = reasons(t);
        // History first, like last-scale-up: if a replica write then fails, the backoff is still remembered.
        t.backoff().ifPresent(b -> backoffs.record(t, b, res, live, report));
        if (t.desired() == current) {
            metrics.scaleInNotHeld(t.nodeSet());
            report.add("NodeSet", target, Outcome.UNCHANGED, "replicas already " + current);
            scaleIn.settleMarks(t, current, ctx, List.of(), report);
        } else if (t.desired() > current) {
            boolean up = scaleUp(t, res, live, why, report);
            scaleIn.settleMarks(t, up ? t.desired() : current, ctx, List.of(), report);
        } else {
            scaleIn.scaleIn(t, ctx, res, live, why, report);
        }
    }

    /** True when replicas were raised (or already were). */
    private boolean scaleUp(NodeSetTarget t, Resource<GenericKubernetesResource> res, GenericKubernetesResource live,
            String why, ExecutionReport.Builder report) {
        String target = t.nodeSet().toString();
        metrics.scaleInNotHeld(t.nodeSet());
        String change = "scale up " + t.current() + " -> " + t.desired();
        if (settings.dryRun()) {
            report.add("NodeSet", target, Outcome.WOULD_WRITE, change + " and record " + KubeNames.LAST_SCALE_UP
                    + ": " + why);
            return true;
        }
        // History first: if the replica write then fails, skaler errs on waiting longer before a scale-in.
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var mark = writer.write("NodeSet", "patch", target, "record " + KubeNames.LAST_SCALE_UP + "=" + now, () -> {
            GenericKubernetesResource cur = NodeSetReplicas.fresh(res, t);
            if (now.equals(Fields.annotations(cur).get(KubeNames.LAST_SCALE_UP))) {
                return false;
            }
            res.patch(PatchContext.of(PatchType.JSON_MERGE), Patches.annotations(
                    cur.getMetadata().getResourceVersion(), Map.of(KubeNames.LAST_SCALE_UP, now)));
            return true;
        });
        if (!mark.ok()) {
            report.add("NodeSet", target, mark.outcome(), "annotation not written, replicas left alone: "
                    + mark.detail());
            return false;
        }
        var scaled = replicaWriter.setReplicas(res, t, t.desired(), change + ": " + why);
        report.add("NodeSet", target, scaled.outcome(), change + ": " + scaled.detail());
        if (scaled.outcome() == Outcome.WRITTEN) {
            events.normal(live, "ScaledUp", change + ": " + why);
        }
        return scaled.ok();
    }

    private static String namespace(NodeSetTarget t) {
        return t.nodeSet().namespace();
    }

    static String reasons(NodeSetTarget t) {
        return t.reasons().isEmpty() ? "plan (no reason given)" : String.join("; ", t.reasons());
    }
}
