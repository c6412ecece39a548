package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
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
 * Scale-in of one NodeSet, and the scale-in marks every target settles. Scale-in is held when the operator cannot
 * drain ({@link OperatorHealth}) or when the operator's own deletion order would take a pod that runs jobs; otherwise
 * the chosen pods are marked with {@code pod-deletion-cost} ({@link ScaleInMarks}) before replicas are lowered, and
 * marks no scale-in needs any more are cleared.
 */
final class NodeSetScaleIn {
    // the NodeSet executor's log category, as before the split, so log settings keep applying
    private static final Logger LOG = Logger.getLogger(NodeSetActuator.class);

    private final KubeView view;
    private final ScaleInMarks marks;
    private final NodeSetReplicas replicaWriter;
    private final KubeEvents events;
    private final KubeMetrics metrics;
    private final ExecutorSettings settings;

    NodeSetScaleIn(KubeView view, ScaleInMarks marks, NodeSetReplicas replicaWriter, KubeEvents events,
            KubeMetrics metrics, ExecutorSettings settings) {
        this.view = view;
        this.marks = marks;
        this.replicaWriter = replicaWriter;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
    }

    void scaleIn(NodeSetTarget t, ExecutionContext ctx, Resource<GenericKubernetesResource> res,
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
        var scaled = replicaWriter.setReplicas(res, t, newReplicas, change + ": " + why);
        report.add("NodeSet", target, scaled.outcome(), change + ": " + scaled.detail());
        if (scaled.outcome() == Outcome.WRITTEN) {
            events.normal(live, "ScaledDown", change + ": " + why);
        } else if (scaled.outcome() == Outcome.FAILED) {
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

    /**
     * Clears the scale-in marks no scale-in in progress needs at {@code replicas} (see {@link ScaleInMarks}), from
     * the cached pods plus {@code alsoCheck} (pods this cycle marked, which the cache may not show yet).
     */
    void settleMarks(NodeSetTarget t, int replicas, ExecutionContext ctx, List<Pod> alsoCheck,
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

    private void hold(GenericKubernetesResource live, String target, ObjectRef nodeSet, DrainBlocker blocker,
            String detail, ExecutionReport.Builder report) {
        metrics.scaleInHeld(nodeSet, blocker);
        report.add("NodeSet", target, Outcome.HELD, blocker.label() + ": " + detail);
        events.warning(live, "ScaleInHeld", "scale-in held (" + blocker.label() + "): " + detail);
    }

    private static boolean isBusy(Pod p, ExecutionContext ctx) {
        return ctx.busySlurmNodes().contains(KubeMapping.slurmNodeName(p)) || KubeMapping.busyBySlurmCondition(p);
    }
}
