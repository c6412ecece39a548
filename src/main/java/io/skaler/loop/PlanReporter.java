package io.skaler.loop;

import io.skaler.metrics.Labels.Action;
import io.skaler.metrics.Labels.Reason;
import io.skaler.metrics.SkalerMetrics;
import io.skaler.model.ExcludedJob;
import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetReport;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import io.skaler.model.PartitionDemand;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns one cycle's plan, and what the executor made of it, into the demand, capacity and decision metrics. Every
 * value comes from the {@link Plan} (what the planner saw and wants) or the {@link PlanApplier.ApplyReport} (what was
 * written or held); nothing is re-derived here.
 */
final class PlanReporter {
    private final SkalerMetrics metrics;

    PlanReporter(SkalerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param applied the leader applied the plan this cycle (also in dry-run): decisions and capacity failures count
     *                only then, so a follower's plans and a cycle that wrote nothing are not counted twice
     */
    void report(Plan plan, Map<ObjectRef, Integer> ready, PlanApplier.ApplyReport report, boolean applied) {
        plan.partitions().forEach(metrics::partitionDemand);
        metrics.retainPartitions(plan.partitions().stream().map(PartitionDemand::name).toList());
        metrics.excludedJobs(new TreeMap<>(plan.excludedJobs().stream()
                .collect(Collectors.groupingBy(PlanReporter::reasonLabel, Collectors.counting()))));
        Map<ObjectRef, NodeSetReport> seen = new HashMap<>();
        for (NodeSetReport r : plan.nodeSets()) {
            seen.put(r.nodeSet(), r);
            Duration age = r.inFlightSince().map(since -> Duration.between(since, plan.at()))
                    .filter(d -> !d.isNegative()).orElse(Duration.ZERO);
            metrics.nodeSetInflight(r.nodeSet(), r.inFlight(), age);
            metrics.nodeSetAtMax(r.nodeSet(), r.atMax());
            metrics.unservedGres(r.nodeSet(), r.unservedGres());
        }
        Map<ObjectRef, Integer> ahead = new HashMap<>();
        plan.anticipatedJobs().forEach(j -> ahead.merge(j.nodeSet(), j.nodes(), Integer::sum));
        for (NodeSetTarget t : plan.targets()) {
            metrics.nodeSetReplicas(t.nodeSet(), t.partition(), t.desired(), t.current(),
                    ready.getOrDefault(t.nodeSet(), 0));
            // never more than the NodeSet holds: packing may share nodes between jobs
            metrics.anticipatedNodes(t.nodeSet(), Math.min(t.desired(), ahead.getOrDefault(t.nodeSet(), 0)), plan.at());
            if (!applied) {
                continue;
            }
            var effect = report.effectOn("NodeSet", t.nodeSet().toString());
            decision(t, Optional.ofNullable(seen.get(t.nodeSet())), effect, plan.partial());
            if (t.backoff().map(b -> !b.clears()).orElse(false) && effect.orElse(null) != PlanApplier.Effect.FAILED) {
                metrics.capacityFailure(t.nodeSet()); // entering (or extending) backoff: capacity did not arrive
            }
        }
        if (applied) {
            for (NodePoolTarget p : plan.nodePools()) {
                if (p.mode() != NodePoolTarget.Mode.NONE
                        && report.effectOn("NodePool", p.name()).orElse(null) == PlanApplier.Effect.CHANGED) {
                    metrics.decision(p.mode() == NodePoolTarget.Mode.LIMITS ? Action.NODEPOOL_LIMITS
                            : Action.NODEPOOL_REPLICAS, Reason.DEMAND);
                }
            }
        }
        metrics.retainNodeSets(plan.targets().stream().map(NodeSetTarget::nodeSet).toList());
    }

    /** The label of an excluded job's reason: one per time would be a series per job, so times fold into one. */
    static String reasonLabel(ExcludedJob j) {
        return j.reason().startsWith("eligible at ") ? "eligible later" : j.reason();
    }

    /** A stale cycle holds every managed NodeSet where it is. */
    void heldStale(Iterable<ObjectRef> managed) {
        managed.forEach(ref -> metrics.decision(Action.HOLD, Reason.HOLD_STALE));
    }

    private void decision(NodeSetTarget t, Optional<NodeSetReport> r, Optional<PlanApplier.Effect> effect,
            boolean partial) {
        boolean held = effect.orElse(null) == PlanApplier.Effect.HELD;
        switch (t.action()) {
            case SCALE_UP -> metrics.decision(held ? Action.HOLD : Action.SCALE_UP, held ? Reason.PAUSED : Reason.DEMAND);
            case SCALE_DOWN -> metrics.decision(held ? Action.HOLD : Action.SCALE_DOWN,
                    held ? Reason.HOLD_DRAIN_UNAVAILABLE : Reason.IDLE);
            case HOLD -> metrics.decision(Action.HOLD, r.map(NodeSetReport::inBackoff).orElse(false) ? Reason.BACKOFF
                    : partial ? Reason.HOLD_STALE : Reason.LIMIT);
            case PAUSED -> metrics.decision(Action.HOLD, Reason.PAUSED);
            case NONE -> { }
        }
    }
}
