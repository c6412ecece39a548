package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Applies one {@link NodeSetTarget}: replicas through {@code /scale} (a merge patch of {@code spec.replicas} where the
 * CRD has no scale subresource). Scale-up records {@code skaler.io/last-scale-up} first. Scale-in is held when the
 * operator cannot drain or Slurm is unreachable, never goes below the pods that run jobs, and marks the chosen pods with
 * {@code pod-deletion-cost} before replicas are lowered. A target whose {@code current} no longer matches the object is
 * refused: the plan was made on another state and the next cycle replans. The planner's backoff is kept on the NodeSet
 * ({@link BackoffRecord}); stale scale-in marks are cleared every cycle ({@link ScaleInMarks}).
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
    private final ScaleInMarks marks;
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
        this.marks = new ScaleInMarks(client, writer, settings, clock);
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
        bootTimes.record(target, view.podsOf(namespace(t), name), view.nodeClaims(), ctx.dryRun(), res, live, report);
        String why = reasons(t);
        // History first, like last-scale-up: if a replica write then fails, the backoff is still remembered.
        t.backoff().ifPresent(b -> backoffs.record(t, b, res, live, report));
        if (t.desired() == current) {
            metrics.scaleInNotHeld(t.nodeSet());
            report.add("NodeSet", target, Outcome.UNCHANGED, "replicas already " + current);
            settleMarks(t, current, ctx, List.of(), report);
        } else if (t.desired() > current) {
            boolean up = scaleUp(t, res, live, why, report);
            settleMarks(t, up ? t.desired() : current, ctx, List.of(), report);
        } else {
            scaleIn(t, ctx, res, live, why, report);
        }
    }

    /**
     * Clears the scale-in marks no scale-in in progress needs at {@code replicas} (see {@link ScaleInMarks}), from
     * the cached pods plus {@code alsoCheck} (pods this cycle marked, which the cache may not show yet).
     */
    private void settleMarks(NodeSetTarget t, int replicas, ExecutionContext ctx, List<Pod> alsoCheck,
            ExecutionReport.Builder report) {
        List<Pod> pods = livePods(t.nodeSet().name());
        Set<String> keep = ScaleInMarks.stillNeeded(pods, replicas);
        List<Pod> check = new ArrayList<>(pods.stream().filter(ScaleInMarks::marked).toList());
        alsoCheck.stream().filter(p -> !check.contains(p)).forEach(check::add);
        marks.clear(check.stream().filter(p -> !keep.contains(p.getMetadata().getName())).toList(),
                t.nodeSet().toString(), "no scale-in in progress needs it (replicas " + replicas + ", "
                        + pods.size() + " pods)", report);
    }

    private List<Pod> livePods(String nodeSet) {
        return view.podsOf(nodeSet).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
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
            GenericKubernetesResource cur = fresh(res, t);
            if (now.equals(Fields.annotations(cur).get(KubeNames.LAST_SCALE_UP))) {
                return false;
            }
            res.patch(PatchContext.of(PatchType.JSON_MERGE), Patches.annotations(
                    cur.getMetadata().getResourceVersion(), Map.of(KubeNames.LAST_SCALE_UP, now)));
            return true;
        });
        if (!ok(mark)) {
            report.add("NodeSet", target, outcomeOf(mark), "annotation not written, replicas left alone: "
                    + mark.detail());
            return false;
        }
        var scaled = setReplicas(res, t, t.desired(), change + ": " + why);
        report.add("NodeSet", target, outcomeOf(scaled), change + ": " + scaled.detail());
        if (scaled.result() == KubeWriter.Result.WRITTEN) {
            events.normal(live, "ScaledUp", change + ": " + why);
        }
        return ok(scaled);
    }

    private void scaleIn(NodeSetTarget t, ExecutionContext ctx, Resource<GenericKubernetesResource> res,
            GenericKubernetesResource live, String why, ExecutionReport.Builder report) {
        String name = t.nodeSet().name();
        String target = t.nodeSet().toString();
        var verdict = OperatorHealth.check(live, view.controller(
                Fields.stringAt(live, "", "spec", "controllerRef", "name")), view.restApis());
        if (verdict.blocker().isPresent()) {
            hold(live, target, t.nodeSet(), verdict.blocker().get(), verdict.detail(), report);
            settleMarks(t, t.current(), ctx, List.of(), report);
            return;
        }
        List<Pod> pods = livePods(name);
        Predicate<Pod> busy = p -> isBusy(p, ctx);
        List<Pod> chosen = new ArrayList<>();
        for (String wanted : t.podsToRemove()) {
            Optional<Pod> pod = pods.stream().filter(p -> p.getMetadata().getName().equals(wanted)
                    || KubeMapping.slurmNodeName(p).equals(wanted)).findFirst();
            if (pod.isEmpty()) {
                report.add("Pod", t.nodeSet().namespace() + "/" + wanted, Outcome.UNCHANGED, "not found; skipped");
            } else if (busy.test(pod.get())) {
                report.add("Pod", t.nodeSet().namespace() + "/" + wanted, Outcome.REFUSED, "runs jobs; not removed");
            } else if (!chosen.contains(pod.get())) {
                chosen.add(pod.get());
            }
        }
        // The operator, not skaler, picks the pods it deletes (OperatorDeletionOrder): skaler's marks only steer it
        // among equals, and a pod not ready goes before any mark. So replicas drop only as far as the operator's own
        // order, with the marks as they will be, takes no pod that runs jobs.
        Set<String> inProgress = ScaleInMarks.stillNeeded(pods, t.current());
        Map<String, String> costs = new LinkedHashMap<>();
        pods.stream().filter(p -> inProgress.contains(p.getMetadata().getName())).forEach(p -> costs.put(
                p.getMetadata().getName(), ScaleInMarks.annotation(p, KubeNames.POD_DELETION_COST)));
        marks.plannedCosts(chosen).forEach(costs::putIfAbsent);
        // pods the operator already removes at the current replicas are its business (it drains them first)
        List<Pod> already = ScaleInMarks.victims(pods, t.current(), costs, true);
        Predicate<Pod> newlyTakenBusy = p -> !already.contains(p) && busy.test(p);
        int newReplicas = Math.max(0, t.desired());
        List<Pod> victims = ScaleInMarks.victims(pods, newReplicas, costs, true);
        while (newReplicas < t.current() && victims.stream().anyMatch(newlyTakenBusy)) {
            newReplicas++;
            victims = ScaleInMarks.victims(pods, newReplicas, costs, true);
        }
        if (newReplicas >= t.current()) {
            long busyPods = pods.stream().filter(busy).count();
            hold(live, target, t.nodeSet(), DrainBlocker.BUSY_NODES, busyPods + " pod(s) run jobs and the operator "
                    + "would take one of them first; replicas stay " + t.current(), report);
            settleMarks(t, t.current(), ctx, List.of(), report);
            return;
        }
        metrics.scaleInNotHeld(t.nodeSet());
        List<Pod> going = victims;
        List<Pod> toMark = chosen.stream().filter(going::contains).toList();
        going.stream().filter(p -> !chosen.contains(p) && !inProgress.contains(p.getMetadata().getName()))
                .forEach(p -> report.add("Pod", t.nodeSet().namespace() + "/" + p.getMetadata().getName(),
                        Outcome.WARNING, "the operator deletes it first (" + firstReason(p)
                                + "), not a pod skaler chose; it runs no jobs"));
        long busyPods = pods.stream().filter(busy).count();
        String change = "scale down " + t.current() + " -> " + newReplicas + (newReplicas > t.desired()
                ? " (plan wanted " + t.desired() + "; " + busyPods + " pod(s) busy, and the operator's order would "
                        + "take one of them below " + newReplicas + ")" : "");
        // Exactly the pods that are to go carry a mark before replicas drop: the chosen ones the operator will take,
        // and those of a scale-in already under way. Any other mark is stale and could make the operator take that pod.
        Set<String> keep = new LinkedHashSet<>(inProgress);
        toMark.forEach(p -> keep.add(p.getMetadata().getName()));
        if (!marks.clearExcept(pods, keep, target, "not chosen for this scale-in", report)) {
            report.add("NodeSet", target, Outcome.FAILED, "stale deletion-cost not cleared; replicas left alone");
            return;
        }
        if (!marks.mark(toMark, costs, target, report)) {
            report.add("NodeSet", target, Outcome.FAILED, "deletion-cost not written; replicas left alone");
            settleAfterFailure(t, res, ctx, toMark, newReplicas, report);
            return;
        }
        if (settings.dryRun()) {
            report.add("NodeSet", target, Outcome.WOULD_WRITE, change + ": " + why);
            return;
        }
        var scaled = setReplicas(res, t, newReplicas, change + ": " + why);
        report.add("NodeSet", target, outcomeOf(scaled), change + ": " + scaled.detail());
        if (scaled.result() == KubeWriter.Result.WRITTEN) {
            events.normal(live, "ScaledDown", change + ": " + why);
        } else if (scaled.result() == KubeWriter.Result.FAILED) {
            settleAfterFailure(t, res, ctx, toMark, newReplicas, report);
        }
    }

    /** Why the operator's order puts this pod first, in its own terms. */
    private static String firstReason(Pod p) {
        var rank = KubeMapping.deletionRank(p);
        if (!rank.assigned()) {
            return "not scheduled";
        }
        if (!rank.ready()) {
            return "not ready";
        }
        return "deletion-cost " + rank.deletionCost();
    }

    /**
     * Replicas were not lowered after marks were written: clear the marks no scale-in needs, judged by the replicas
     * the API server holds now: a write that failed (a 504, say) may still have been applied, and then every mark is
     * needed. When even that read fails, the next cycle does it.
     */
    private void settleAfterFailure(NodeSetTarget t, Resource<GenericKubernetesResource> res, ExecutionContext ctx,
            List<Pod> marked, int asked, ExecutionReport.Builder report) {
        try {
            GenericKubernetesResource cur = res.get();
            int replicas = cur == null ? asked : Fields.intAt(cur, 1, "spec", "replicas");
            if (replicas > asked) {
                settleMarks(t, replicas, ctx, marked, report);
            }
        } catch (RuntimeException e) {
            LOG.warnf("marks of %s left for the next cycle to settle: %s", t.nodeSet(), e.getMessage());
        }
    }

    /** Sets replicas through /scale, or by merge patch when the CRD has no scale subresource (404 on /scale). */
    private KubeWriter.Outcome setReplicas(Resource<GenericKubernetesResource> res, NodeSetTarget t, int replicas,
            String why) {
        String target = t.nodeSet().toString();
        boolean[] noScale = {false};
        var out = writer.write("NodeSet", "update-scale", target, why, () -> {
            if (noScale[0]) {
                return patchReplicas(res, t, replicas);
            }
            var scale = getScale(res);
            if (scale.isEmpty()) {
                noScale[0] = true;
                return patchReplicas(res, t, replicas);
            }
            Integer now = scale.get().getSpec() == null ? null : scale.get().getSpec().getReplicas();
            int cur = now == null ? 1 : now;
            if (cur == replicas) {
                return false;
            }
            if (cur != t.current()) {
                throw new KubeWriter.Refused("spec.replicas moved to " + cur + " since the plan (" + t.current() + ")");
            }
            scale.get().getSpec().setReplicas(replicas);
            res.scale(scale.get());
            return true;
        });
        return out;
    }

    private static Optional<io.fabric8.kubernetes.api.model.autoscaling.v1.Scale> getScale(
            Resource<GenericKubernetesResource> res) {
        try {
            return Optional.ofNullable(res.scale());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean patchReplicas(Resource<GenericKubernetesResource> res, NodeSetTarget t, int replicas) {
        GenericKubernetesResource cur = fresh(res, t);
        if (Fields.intAt(cur, 1, "spec", "replicas") == replicas) {
            return false;
        }
        res.patch(PatchContext.of(PatchType.JSON_MERGE),
                Patches.specField(cur.getMetadata().getResourceVersion(), "replicas", replicas));
        return true;
    }

    /** Re-reads the NodeSet and checks the plan's premise (its replicas) still holds. */
    private static GenericKubernetesResource fresh(Resource<GenericKubernetesResource> res, NodeSetTarget t) {
        GenericKubernetesResource cur = res.get();
        if (cur == null) {
            throw new KubeWriter.Refused("NodeSet disappeared");
        }
        if (KubeMapping.isTrue(Fields.annotations(cur).get(KubeNames.PAUSED))) {
            throw new KubeWriter.Refused("paused meanwhile");
        }
        int replicas = Fields.intAt(cur, 1, "spec", "replicas");
        if (replicas != t.current() && replicas != t.desired()) {
            throw new KubeWriter.Refused("spec.replicas moved to " + replicas + " since the plan (" + t.current()
                    + ")");
        }
        return cur;
    }

    private void hold(GenericKubernetesResource live, String target, ObjectRef nodeSet, DrainBlocker blocker, String detail,
            ExecutionReport.Builder report) {
        metrics.scaleInHeld(nodeSet, blocker);
        report.add("NodeSet", target, Outcome.HELD, blocker.label() + ": " + detail);
        events.warning(live, "ScaleInHeld", "scale-in held (" + blocker.label() + "): " + detail);
    }

    private static boolean isBusy(Pod p, ExecutionContext ctx) {
        return ctx.busySlurmNodes().contains(KubeMapping.slurmNodeName(p)) || KubeMapping.busyBySlurmCondition(p);
    }

    private static String namespace(NodeSetTarget t) {
        return t.nodeSet().namespace();
    }

    static String reasons(NodeSetTarget t) {
        return t.reasons().isEmpty() ? "plan (no reason given)" : String.join("; ", t.reasons());
    }

    static boolean ok(KubeWriter.Outcome o) {
        return o.result() == KubeWriter.Result.WRITTEN || o.result() == KubeWriter.Result.UNCHANGED;
    }

    static Outcome outcomeOf(KubeWriter.Outcome o) {
        return switch (o.result()) {
            case WRITTEN -> Outcome.WRITTEN;
            case UNCHANGED -> Outcome.UNCHANGED;
            case REFUSED -> Outcome.REFUSED;
            case FAILED -> Outcome.FAILED;
            case NOT_LEADER -> Outcome.NOT_LEADER;
        };
    }
}
