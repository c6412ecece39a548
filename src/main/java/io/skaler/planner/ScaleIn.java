package io.skaler.planner;

import io.skaler.model.NodeSetState;
import io.skaler.policy.GoDuration;
import io.skaler.policy.NodeSetPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which idle nodes of a NodeSet may go this cycle. Only nodes idle in Slurm (no job, not completing) that no pending
 * demand was packed onto, idle for at least {@code idleFor} (from Slurm's last-busy time), never within
 * {@code stabilizationWindow} after a scale-up, never below {@code minReplicas}, never the nodes kept warm as
 * headroom, at most {@code scaleDown.maxNodesPerCycle}; idle longest first. Nothing goes while pods are still in
 * flight: Slinky removes not-ready pods before ready ones, so lowering replicas then would cancel the wrong nodes.
 * Above {@code maxReplicas} (the operator lowered it) surplus goes in Slinky's own order without waiting.
 */
final class ScaleIn {
    private ScaleIn() {
    }

    /**
     * @param pods    pods to remove (named, so the executor can mark them first)
     * @param podless replicas to drop that have no pod (nothing to name)
     */
    record Outcome(List<String> pods, List<String> reasons, int podless, boolean held) {
        Outcome(List<String> pods, List<String> reasons, boolean held) {
            this(pods, reasons, 0, held);
        }
    }

    static Outcome choose(NodeSetWork w, int desired, Instant now) {
        NodeSetPolicy p = w.policy;
        NodeSetCapacity cap = w.capacity;
        int overMax = Math.max(0, desired - p.maxReplicas());
        if (overMax > 0) {
            return aboveMax(w, overMax, now);
        }
        List<NodeSetCapacity.IdleNode> pool = candidates(w);
        int eligible = idleLongEnough(pool, p, now);
        List<String> reasons = keptReasons(w);
        int surplusInFlight = Math.max(0, w.bins.pristine(Bins.Kind.IN_FLIGHT) - p.headroomNodes());
        if (cap.inFlight > 0 && (eligible > 0 || surplusInFlight > 0)) {
            reasons.add("scale-in held: " + cap.inFlight + " node(s) still in flight"
                    + (surplusInFlight > 0 ? ", " + surplusInFlight + " of them not needed by pending demand" : ""));
            return new Outcome(List.of(), reasons, true);
        }
        if (eligible == 0) {
            if (!pool.isEmpty()) {
                reasons.add(pool.size() + " idle node(s), none idle for scaleDown.idleFor "
                        + GoDuration.format(p.scaleDown().idleFor()) + " yet");
            }
            return new Outcome(List.of(), reasons, false);
        }
        Instant lastUp = w.state.flatMap(NodeSetState::lastScaleUpAt).orElse(Instant.EPOCH);
        if (lastUp.plus(p.scaleDown().stabilizationWindow()).isAfter(now)) {
            reasons.add("scale-in held: within scaleDown.stabilizationWindow "
                    + GoDuration.format(p.scaleDown().stabilizationWindow()) + " after the scale-up at " + lastUp);
            return new Outcome(List.of(), reasons, true);
        }
        int n = Math.min(eligible, Math.max(0, desired - p.minReplicas()));
        if (n < eligible) {
            reasons.add("minReplicas " + p.minReplicas() + " keeps " + (eligible - n) + " idle node(s)");
        }
        n = limitPerCycle(p, n, reasons);
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(pool.get(i).podName());
        }
        if (n > 0) {
            reasons.add("scale-in: " + n + " node(s) idle for >= " + GoDuration.format(p.scaleDown().idleFor())
                    + ", idle longest first");
        }
        return new Outcome(pods, reasons, n < eligible);
    }

    /**
     * The operator lowered maxReplicas below what runs: shed what is surplus in Slinky's own victim order (replicas
     * without a pod, then pods still booting, then idle nodes, idle longest first), without waiting for idleFor.
     * Busy nodes stay, so desired may stay above max until they finish.
     */
    private static Outcome aboveMax(NodeSetWork w, int overMax, Instant now) {
        NodeSetPolicy p = w.policy;
        NodeSetCapacity cap = w.capacity;
        int budget = Math.min(overMax, p.scaleDown().maxNodesPerCycle());
        int podless = Math.min(budget, cap.podlessInFlight);
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < cap.bootingPods.size() && podless + pods.size() < budget; i++) {
            pods.add(cap.bootingPods.get(i));
        }
        if (pods.size() == cap.bootingPods.size()) { // idle nodes only once nothing not-ready is left to go first
            for (NodeSetCapacity.IdleNode node : candidates(w)) {
                if (podless + pods.size() >= budget) {
                    break;
                }
                pods.add(node.podName());
            }
        }
        List<String> reasons = keptReasons(w);
        reasons.add("above maxReplicas " + p.maxReplicas() + ": " + (podless + pods.size()) + " surplus node(s) go"
                + (podless > 0 ? " (" + podless + " never got a pod)" : ""));
        if (budget < overMax) {
            reasons.add("scaleDown.maxNodesPerCycle " + p.scaleDown().maxNodesPerCycle() + " bound the scale-in ("
                    + overMax + " above max)");
        }
        int booting = Math.min(pods.size(), cap.bootingPods.size());
        int stillInFlight = cap.inFlight - podless - booting;
        if (stillInFlight > 0 && (podless + pods.size() < overMax || idleLongEnough(candidates(w), p, now) > 0)) {
            reasons.add("scale-in held: " + stillInFlight + " node(s) still in flight");
        }
        return new Outcome(pods, reasons, podless, podless + pods.size() < overMax);
    }

    /** How many of {@code pool} (idle longest first) have been idle for idleFor: always a prefix. */
    private static int idleLongEnough(List<NodeSetCapacity.IdleNode> pool, NodeSetPolicy p, Instant now) {
        long idleFor = p.scaleDown().idleFor().getSeconds();
        int eligible = 0;
        while (eligible < pool.size() && now.getEpochSecond() - pool.get(eligible).idleSince() >= idleFor) {
            eligible++;
        }
        return eligible;
    }

    private static int limitPerCycle(NodeSetPolicy p, int n, List<String> reasons) {
        if (n > p.scaleDown().maxNodesPerCycle()) {
            reasons.add("scaleDown.maxNodesPerCycle " + p.scaleDown().maxNodesPerCycle() + " bound the scale-in ("
                    + n + " eligible)");
            return p.scaleDown().maxNodesPerCycle();
        }
        return n;
    }

    /**
     * Idle nodes not needed by pending demand nor kept for a reservation, minus the ones kept warm as headroom; idle
     * longest first.
     */
    static List<NodeSetCapacity.IdleNode> candidates(NodeSetWork w) {
        List<NodeSetCapacity.IdleNode> pool = untouched(w);
        if (!w.keptForReservations.isEmpty()) {
            pool.removeIf(n -> w.keptForReservations.containsKey(n.slurmNode()));
        }
        int keepWarm = Math.max(0, w.policy.headroomNodes() - w.bins.pristine(Bins.Kind.IN_FLIGHT));
        return pool.subList(0, Math.max(0, pool.size() - keepWarm));
    }

    /** One reason per reservation that keeps idle nodes here, naming them. */
    private static List<String> keptReasons(NodeSetWork w) {
        Map<String, List<String>> nodesByWhy = new LinkedHashMap<>();
        w.keptForReservations.forEach((node, why) -> nodesByWhy.computeIfAbsent(why, k -> new ArrayList<>()).add(node));
        List<String> reasons = new ArrayList<>();
        nodesByWhy.forEach((why, nodes) -> reasons.add("scale-in keeps idle node(s) " + String.join(",", nodes) + ": "
                + why));
        return reasons;
    }

    /**
     * Idle nodes in idle-longest-first order, without those pending demand was packed onto: packing fills
     * schedulable idle nodes in that same order, so the first ones are the ones to skip.
     */
    static List<NodeSetCapacity.IdleNode> untouched(NodeSetWork w) {
        List<NodeSetCapacity.IdleNode> idle = w.capacity.idle;
        int used = w.capacity.schedulableIdle() - w.bins.untouchedIdle(0);
        boolean[] skip = new boolean[idle.size()];
        for (int i = 0; i < idle.size() && used > 0; i++) {
            if (idle.get(i).schedulable()) {
                skip[i] = true;
                used--;
            }
        }
        List<NodeSetCapacity.IdleNode> out = new ArrayList<>();
        for (int i = 0; i < idle.size(); i++) {
            if (!skip[i]) {
                out.add(idle.get(i));
            }
        }
        return out;
    }
}
