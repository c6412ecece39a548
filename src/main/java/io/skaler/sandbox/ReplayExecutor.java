package io.skaler.sandbox;

import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.OperatorDeletionOrder;
import io.skaler.model.Plan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a plan into a {@link ReplayCluster} the way skaler's executor ({@code kube.PlanExecutor}) writes it into
 * Kubernetes, without the API server: NodePool limits raised before the NodeSets scale and lowered after, never
 * below what the pool uses; the last-scale-up and backoff annotations; for a scale-in, the chosen idle pods marked
 * with {@code pod-deletion-cost} (base -1000, +1 each) and replicas lowered only as far as the operator's own order
 * ({@link OperatorDeletionOrder}) takes no pod that runs jobs ({@code NodeSetActuator}'s rule); a target planned on
 * other replicas than the NodeSet has is refused. The writes themselves (rate limits, events, field ownership) are
 * the part that is not replayed.
 */
final class ReplayExecutor {
    static final int DELETION_COST_BASE = -1000;

    private ReplayExecutor() {
    }

    static void apply(Plan plan, ReplayCluster cluster, Set<String> busySlurmNodes) {
        for (NodePoolTarget p : plan.nodePools()) {
            limits(cluster, p, true);
        }
        for (NodeSetTarget t : plan.targets()) {
            var ns = cluster.nodeSet(t.nodeSet().name());
            if (ns.replicas != t.current()) {
                continue; // planned on another state: the next cycle replans
            }
            t.backoff().ifPresent(b -> {
                ns.backoffLevel = b.clears() ? 0 : b.level();
                ns.backoffUntil = b.clears() ? Optional.empty() : Optional.of(b.until());
            });
            String why = String.join("; ", t.reasons().subList(0, Math.min(3, t.reasons().size())));
            if (t.desired() > t.current()) {
                ns.lastScaleUpAt = Optional.of(cluster.clock.now());
                cluster.setReplicas(ns.spec.name(), t.desired(), why);
            } else if (t.desired() < t.current()) {
                scaleIn(cluster, ns, t, busySlurmNodes, why);
            }
        }
        for (NodePoolTarget p : plan.nodePools()) {
            limits(cluster, p, false);
        }
    }

    private static void scaleIn(ReplayCluster cluster, ReplayCluster.NodeSet ns, NodeSetTarget t, Set<String> busy,
            String why) {
        List<ReplayCluster.Pod> chosen = new ArrayList<>();
        for (String wanted : t.podsToRemove()) {
            for (var p : ns.pods.values()) {
                if (p.name.equals(wanted) && !busy.contains(p.name) && !chosen.contains(p)) {
                    chosen.add(p);
                }
            }
        }
        Map<String, Integer> costs = new HashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            costs.put(chosen.get(i).name, chosen.get(i).deletionCost != 0 ? chosen.get(i).deletionCost
                    : DELETION_COST_BASE + i);
        }
        List<String> already = victims(ns, t.current(), Map.of());
        int replicas = t.desired();
        while (replicas < t.current() && victims(ns, replicas, costs).stream()
                .anyMatch(v -> !already.contains(v) && busy.contains(v))) {
            replicas++;
        }
        if (replicas >= t.current()) {
            return; // held: the operator would take a busy pod first
        }
        List<String> going = victims(ns, replicas, costs);
        for (var p : ns.pods.values()) {
            boolean mark = costs.containsKey(p.name) && going.contains(p.name);
            cluster.setDeletionCost(ns.spec.name(), p.name, mark ? costs.get(p.name)
                    : going.contains(p.name) ? p.deletionCost : 0);
        }
        cluster.setReplicas(ns.spec.name(), replicas, why);
    }

    /** The pods the operator deletes at {@code replicas} with these marks (and no other mark of skaler's). */
    private static List<String> victims(ReplayCluster.NodeSet ns, int replicas, Map<String, Integer> costs) {
        List<OperatorDeletionOrder.Pod> ranks = new ArrayList<>();
        for (var p : ns.pods.values()) {
            var r = ReplayCluster.rank(p);
            int cost = costs.getOrDefault(p.name, p.deletionCost);
            ranks.add(new OperatorDeletionOrder.Pod(r.name(), r.assigned(), r.phase(), r.ready(), cost, r.deadline(),
                    r.cordoned(), r.ordinal(), r.readySince(), r.createdAt()));
        }
        return OperatorDeletionOrder.victims(ranks, ns.pods.size() - replicas).stream()
                .map(OperatorDeletionOrder.Pod::name).toList();
    }

    private static void limits(ReplayCluster cluster, NodePoolTarget t, boolean grow) {
        if (t.mode() != NodePoolTarget.Mode.LIMITS) {
            return;
        }
        for (var pool : cluster.pools()) {
            if (!pool.spec.name().equals(t.name())) {
                continue;
            }
            Map<String, BigDecimal> next = new HashMap<>(pool.limits);
            t.limits().forEach((resource, wanted) -> {
                BigDecimal one = pool.spec.capacity().getOrDefault(resource, BigDecimal.ZERO);
                BigDecimal floor = one.multiply(BigDecimal.valueOf(pool.machines));
                BigDecimal value = wanted.max(floor);
                BigDecimal current = pool.limits.get(resource);
                boolean raise = current == null || value.compareTo(current) > 0;
                if (raise == grow && (current == null || value.compareTo(current) != 0)) {
                    next.put(resource, value);
                }
            });
            cluster.setLimits(pool.spec.name(), next);
        }
    }
}
