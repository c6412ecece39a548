package io.skaler.planner;

import io.skaler.model.ExcludedJob;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;
import io.skaler.model.Snapshot;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.PartitionPolicy;
import io.skaler.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure decision: one consistent snapshot and the policy in, a {@link Plan} out. Steps, each in its own file:
 * group jobs into {@link JobClass}es, choose each class's partition ({@link PartitionChoice}), read each NodeSet's
 * capacity now and in flight ({@link NodeSetCapacity}, {@link BackoffRule}), pack classes largest first over the
 * partition's NodeSets in order of preference ({@link ClassPacker}), then apply the limits and scale-in rules
 * ({@link NodeSetDecision}, {@link ScaleIn}) and size the NodePools ({@link NodePoolTargets}).
 */
public final class Planner {
    private Planner() {
    }

    public static Plan plan(Snapshot snapshot, Policy policy, Instant now) {
        return plan(snapshot, policy, now, PlanBudget.UNLIMITED);
    }

    /** As {@link #plan(Snapshot, Policy, Instant)}, stopping when {@code budget} is spent with a partial plan. */
    public static Plan plan(Snapshot snapshot, Policy policy, Instant now, PlanBudget budget) {
        PlanBudget.Stopwatch clock = budget.start();
        List<String> warnings = new ArrayList<>();
        Map<String, SlurmNode> slurmNodes = new HashMap<>();
        for (SlurmNode n : snapshot.slurm().nodes()) {
            slurmNodes.put(n.name(), n);
        }
        Map<ObjectRef, NodeSetState> states = new HashMap<>();
        for (NodeSetState s : snapshot.kube().nodeSets()) {
            states.put(s.ref(), s);
        }
        Map<String, List<Instant>> launchFailures = new HashMap<>();
        for (NodeClaimState c : snapshot.kube().nodeClaims()) {
            if (c.phase() == NodeClaimState.Phase.FAILED && !c.nodePool().isEmpty()) {
                launchFailures.computeIfAbsent(c.nodePool(), k -> new ArrayList<>()).add(c.failedAt());
            }
        }
        Map<String, NodeSetWork[]> works = new LinkedHashMap<>();
        List<NodeSetWork> all = new ArrayList<>();
        Set<ObjectRef> seen = new HashSet<>();
        for (PartitionPolicy partition : policy.partitions()) {
            List<NodeSetWork> list = new ArrayList<>();
            for (NodeSetPolicy ns : partition.nodeSets()) {
                if (!seen.add(ns.ref())) {
                    warnings.add("NodeSet " + ns.ref() + " is listed twice; partition " + partition.name()
                            + " does not scale it");
                    continue;
                }
                list.add(new NodeSetWork(partition, ns, Optional.ofNullable(states.get(ns.ref())), slurmNodes,
                        launchFailures.getOrDefault(ns.nodePool().name(), List.of()), now));
            }
            works.put(partition.name(), list.toArray(NodeSetWork[]::new));
            all.addAll(list);
        }
        ReservedIdle reserved = ReservedIdle.of(snapshot.slurm().reservations(), snapshot.slurm().pendingJobs(), now);
        for (NodeSetWork w : all) {
            w.keptForReservations = reserved.keptOf(w, now);
        }

        JobClasses classes = JobClasses.group(snapshot.slurm().pendingJobs(), now, clock,
                Anticipation.of(policy, states, snapshot.slurm()));
        Map<String, SlurmPartition> slurmPartitions = new HashMap<>();
        for (SlurmPartition p : snapshot.slurm().partitions()) {
            slurmPartitions.put(p.name(), p);
        }
        PartitionChoice choice = PartitionChoice.assign(classes.classes(), policy, works, slurmPartitions, clock);
        int unread = snapshot.slurm().unreadJobs();
        boolean partial = unread > 0 || !classes.complete() || clock.exhausted()
                || !HetJobPacking.pack(choice.hetJobs, works, clock, warnings);
        for (Map.Entry<String, NodeSetWork[]> e : works.entrySet()) {
            if (partial || !pack(e.getValue(), choice.byPartition.get(e.getKey()), clock)) {
                partial = true;
                break;
            }
        }

        UnseenNamespaces unseen = new UnseenNamespaces(snapshot.kube().coverage(), all);
        List<NodeSetTarget> targets = new ArrayList<>();
        for (NodeSetWork w : all) {
            var held = unseen.hold(w);
            targets.add(AnticipationReasons.add(held.isPresent() ? held.get() : NodeSetDecision.decide(w, partial, now),
                    classes.anticipated(), choice));
            if (w.replicasIgnored()) {
                warnings.add("NodeSet " + w.policy.ref() + ": " + NodeSetDecision.UNMANAGED_DAEMONSET);
            }
        }
        Map<String, NodePoolState> pools = new HashMap<>();
        for (NodePoolState p : snapshot.kube().nodePools()) {
            pools.put(p.name(), p);
        }
        warnNodeClaims(snapshot.kube().nodeClaims(), all, now, warnings);
        var nodePools = unseen.keepPools(NodePoolTargets.of(all, targets, policy, pools,
                machinesOf(snapshot.kube().nodeClaims()), warnings), warnings);
        var demands = PartitionDemands.of(works, choice, partial);
        List<ExcludedJob> excluded = new ArrayList<>(classes.excluded());
        excluded.addAll(choice.excluded);
        excluded.sort(Comparator.comparingLong(ExcludedJob::jobId));
        if (unread > 0) {
            warnings.add(0, "partial plan: " + unread + " pending job(s) listed by Slurm not read yet (a large queue is"
                    + " read a part per cycle); scale-up covers the jobs read so far, nothing shrinks");
        } else if (partial) {
            warnings.add(0, "partial plan: the time budget of " + budget.limitNanos() / 1_000_000
                    + " ms ran out; scale-up covers the demand packed so far, nothing shrinks");
        }
        var reports = NodeSetReports.of(works, all, targets, choice, slurmNodes, partial);
        return new Plan(now, targets, nodePools, demands, excluded, partial, warnings, reports, classes.anticipated(),
                classes.nextLookAheadEntry());
    }

    /** Packs one partition's classes over its NodeSets in order; false when the budget ran out. */
    private static boolean pack(NodeSetWork[] nodeSets, List<PartitionChoice.Assigned> assigned,
                                PlanBudget.Stopwatch clock) {
        for (int i = 0; i < nodeSets.length; i++) {
            NodeSetWork w = nodeSets[i];
            List<PackingOrder.Step> steps = PackingOrder.of(assigned, i, w.axes);
            for (int k = 0; k < steps.size(); k++) {
                if (clock.exhausted()) { // one ticker read per class: cheap next to placing it
                    return false;
                }
                PackingOrder.Item it = steps.get(k).item();
                if (it.assigned().remaining > 0) { // a fill-only step may have placed it all already
                    w.place(it.assigned(), it.request(), steps.get(k).mayOpen());
                }
            }
        }
        return !clock.exhausted();
    }

    /** Per pool, the largest capacity its launched NodeClaims report, resource by resource (as Karpenter's subtractMax). */
    private static Map<String, Map<String, java.math.BigDecimal>> machinesOf(List<NodeClaimState> claims) {
        Map<String, Map<String, java.math.BigDecimal>> out = new HashMap<>();
        for (NodeClaimState c : claims) {
            if (!c.capacity().isEmpty() && !c.nodePool().isEmpty()) {
                var m = out.computeIfAbsent(c.nodePool(), k -> new java.util.TreeMap<>());
                c.capacity().forEach((r, v) -> m.merge(r, v, java.math.BigDecimal::max));
            }
        }
        return out;
    }

    private static void warnNodeClaims(List<NodeClaimState> claims, List<NodeSetWork> works, Instant now,
                                       List<String> warnings) {
        Map<String, Long> timeoutByPool = new HashMap<>();
        for (NodeSetWork w : works) {
            timeoutByPool.merge(w.policy.nodePool().name(), w.policy.provisioningTimeout().getSeconds(), Math::max);
        }
        for (NodeClaimState c : claims) {
            Long timeout = timeoutByPool.get(c.nodePool());
            if (timeout == null) {
                continue;
            }
            if (c.phase() == NodeClaimState.Phase.FAILED) {
                warnings.add("NodeClaim " + c.name() + " of NodePool " + c.nodePool() + " failed: " + c.failureReason());
            } else if (c.phase() == NodeClaimState.Phase.LAUNCHING
                    && c.createdAt().getEpochSecond() + timeout <= now.getEpochSecond()) {
                warnings.add("NodeClaim " + c.name() + " of NodePool " + c.nodePool()
                        + " still launching after provisioningTimeout");
            }
        }
    }
}
