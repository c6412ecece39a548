package io.skaler.planner;

import io.skaler.model.NodeSetState;
import io.skaler.policy.NodeSetPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which idle nodes of a NodeSet may go this cycle. Only nodes idle in Slurm (no job, not completing) that no pending
 * demand was packed onto, idle for at least {@code idleFor} (from Slurm's last-busy time), never within
 * {@code stabilizationWindow} after a scale-up, never below {@code minReplicas}, never the nodes kept warm as
 * headroom, at most {@code scaleDown.maxNodesPerCycle}; idle longest first. Above {@code maxReplicas} (the operator
 * lowered it) idle nodes go without waiting for {@code idleFor}. Nothing goes while pods are still in flight: Slinky
 * removes not-ready pods before ready ones, so lowering replicas then would cancel the wrong nodes.
 */
final class ScaleIn {
    private ScaleIn() {
    }

    record Outcome(List<String> pods, List<String> reasons, boolean held) {
    }

    static Outcome choose(NodeSetWork w, int desired, Instant now) {
        NodeSetPolicy p = w.policy;
        NodeSetCapacity cap = w.capacity;
        List<NodeSetCapacity.IdleNode> pool = untouched(w);
        int keepWarm = Math.max(0, p.headroomNodes() - w.bins.pristine(Bins.Kind.IN_FLIGHT));
        pool = pool.subList(0, Math.max(0, pool.size() - keepWarm));
        long idleFor = p.scaleDown().idleFor().getSeconds();
        int eligible = 0;
        while (eligible < pool.size() && now.getEpochSecond() - pool.get(eligible).idleSince() >= idleFor) {
            eligible++; // pool is idle-longest-first, so the eligible nodes are a prefix
        }
        int overMax = Math.max(0, desired - p.maxReplicas());
        int wanted = Math.max(eligible, Math.min(overMax, pool.size()));
        List<String> reasons = new ArrayList<>();
        if (wanted == 0) {
            if (!pool.isEmpty()) {
                reasons.add(pool.size() + " idle node(s), none idle for scaleDown.idleFor "
                        + p.scaleDown().idleFor().toMinutes() + "m yet");
            }
            return new Outcome(List.of(), reasons, false);
        }
        if (cap.inFlight > 0) {
            reasons.add("scale-in held: " + cap.inFlight + " node(s) still in flight");
            return new Outcome(List.of(), reasons, true);
        }
        Instant lastUp = w.state.flatMap(NodeSetState::lastScaleUpAt).orElse(Instant.EPOCH);
        if (lastUp.plus(p.scaleDown().stabilizationWindow()).isAfter(now)) {
            reasons.add("scale-in held: within scaleDown.stabilizationWindow "
                    + p.scaleDown().stabilizationWindow().toMinutes() + "m after the scale-up at " + lastUp);
            return new Outcome(List.of(), reasons, true);
        }
        int n = Math.min(wanted, Math.max(0, desired - p.minReplicas()));
        if (n < wanted) {
            reasons.add("minReplicas " + p.minReplicas() + " keeps " + (wanted - n) + " idle node(s)");
        }
        if (n > p.scaleDown().maxNodesPerCycle()) {
            reasons.add("scaleDown.maxNodesPerCycle " + p.scaleDown().maxNodesPerCycle() + " bound the scale-in ("
                    + n + " eligible)");
            n = p.scaleDown().maxNodesPerCycle();
        }
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(pool.get(i).podName());
        }
        if (n > 0) {
            reasons.add("scale-in: " + n + " node(s) idle for >= " + p.scaleDown().idleFor().toMinutes()
                    + "m, idle longest first" + (overMax > 0 ? " (above maxReplicas " + p.maxReplicas() + ")" : ""));
        }
        return new Outcome(pods, reasons, n < wanted);
    }

    /**
     * Idle nodes in idle-longest-first order, without those pending demand was packed onto: packing fills the most
     * recently busy schedulable idle nodes first, so those are the ones to skip.
     */
    static List<NodeSetCapacity.IdleNode> untouched(NodeSetWork w) {
        List<NodeSetCapacity.IdleNode> idle = w.capacity.idle;
        int used = w.capacity.schedulableIdle() - w.bins.untouchedIdle(0);
        boolean[] skip = new boolean[idle.size()];
        for (int i = idle.size() - 1; i >= 0 && used > 0; i--) {
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
