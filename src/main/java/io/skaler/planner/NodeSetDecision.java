package io.skaler.planner;

import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.policy.GoDuration;
import io.skaler.policy.NodeSetPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what packing put on a NodeSet into its target: replicas within the limits (min/max, headroom, nodes added
 * or removed per cycle), and for a shrink the pods that go. A node that runs a job is never named; replicas only
 * come down by the pods named (or by replicas that never got a pod), so desired never drops below the busy nodes.
 */
final class NodeSetDecision {
    private NodeSetDecision() {
    }

    static final String UNMANAGED_DAEMONSET = "spec.scalingMode is DaemonSet: slurm-operator runs one pod per matching "
            + "node and ignores spec.replicas, so skaler does not manage this NodeSet (nothing written); use "
            + "scalingMode StatefulSet for a NodeSet skaler scales, or remove it from the policy";

    static NodeSetTarget decide(NodeSetWork w, boolean partial, Instant now) {
        NodeSetPolicy p = w.policy;
        NodeSetCapacity cap = w.capacity;
        int current = cap.current;
        List<String> reasons = new ArrayList<>(Reasons.demand(w));
        if (!cap.exists) {
            reasons.add(0, "NodeSet " + p.ref() + " not found in Kubernetes: nothing to scale");
            return new NodeSetTarget(p.ref(), w.partition.name(), 0, 0, Action.HOLD, List.of(), reasons);
        }
        if (w.replicasIgnored()) {
            reasons.add(0, UNMANAGED_DAEMONSET);
            return new NodeSetTarget(p.ref(), w.partition.name(), current, current, Action.HOLD, List.of(), reasons);
        }
        if (w.paused()) {
            reasons.add(0, "paused (skaler.io/paused): replicas left at " + current);
            return new NodeSetTarget(p.ref(), w.partition.name(), current, current, Action.PAUSED, List.of(),
                    reasons, w.backoff.change());
        }
        w.backoff.change().ifPresent(b -> reasons.add(b.reason()));
        if (w.backoff.active()) {
            reasons.add("in backoff until " + w.state.flatMap(NodeSetState::backoffUntil)
                    .or(() -> w.backoff.change().map(b -> b.until())).map(Instant::toString).orElse("?")
                    + ": no new nodes; demand spills to the next NodeSet");
        }
        boolean held = false;
        int base = w.base();
        long wanted = base + w.newNodes;
        int spare = untouchedIdle(w) + w.bins.pristine(Bins.Kind.IN_FLIGHT);
        if (!w.backoff.active() && spare < p.headroomNodes() && wanted < p.maxReplicas()) {
            long extra = Math.min(p.headroomNodes() - spare, p.maxReplicas() - wanted);
            wanted += extra;
            reasons.add("headroomNodes " + p.headroomNodes() + ": +" + extra + " idle node(s) kept warm");
        }
        if (wanted - current > p.scaleUp().maxNodesPerCycle()) {
            reasons.add("scaleUp.maxNodesPerCycle " + p.scaleUp().maxNodesPerCycle() + " bound the scale-up (wanted "
                    + wanted + ")");
            wanted = current + (long) p.scaleUp().maxNodesPerCycle();
        }
        if (wanted < p.minReplicas()) { // the floor is not rate-limited
            wanted = p.minReplicas();
            reasons.add("minReplicas " + p.minReplicas());
        }
        int desired = (int) wanted;
        List<String> remove = new ArrayList<>();
        if (desired < current) { // wanted >= base, so only replicas that never arrived are let go here
            int release = current - desired;
            remove.addAll(cap.failedPods.subList(0, Math.min(release, cap.failedPods.size())));
            reasons.add("releasing " + release + " replica(s) that did not register within provisioningTimeout "
                    + GoDuration.format(p.provisioningTimeout())
                    + (cap.launchFailed > 0 ? " or whose launch failed" : ""));
        }
        if (w.newNodes == 0 && desired <= current) {
            ScaleIn.Outcome in = ScaleIn.choose(w, desired, now);
            reasons.addAll(in.reasons());
            held |= in.held();
            remove.addAll(in.pods());
            desired -= in.pods().size() + in.podless();
        }
        if (cap.busy > 0) {
            reasons.add(cap.busy + " node(s) run jobs and are never removed");
        }
        if (partial && desired < current) {
            reasons.add("partial plan (time budget spent or jobs not read yet): no shrink");
            desired = current;
            remove.clear();
            held = true;
        }
        Action action = desired > current ? Action.SCALE_UP : desired < current ? Action.SCALE_DOWN
                : held || w.backoff.active() || w.spilled > 0 ? Action.HOLD : Action.NONE;
        return new NodeSetTarget(p.ref(), w.partition.name(), current, desired, action, remove, reasons,
                w.backoff.change());
    }

    /** Schedulable idle nodes no demand was packed onto. */
    static int untouchedIdle(NodeSetWork w) {
        return w.bins.untouchedIdle(0);
    }
}
