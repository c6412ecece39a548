package io.skaler.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sentences a person can read about what drove a NodeSet's target: the classes, their jobs, the nodes. */
final class Reasons {
    static final int CLASSES_SHOWN = 3;

    private Reasons() {
    }

    static List<String> demand(NodeSetWork w) {
        List<String> out = new ArrayList<>();
        long jobs = w.jobsOnHeld + w.jobsOnNew;
        if (jobs == 0 && w.spilled == 0) {
            out.add("no pending demand placed here; " + w.capacity.registered + " registered node(s), "
                    + w.capacity.busy + " busy, " + w.capacity.idle.size() + " idle, " + w.capacity.inFlight
                    + " in flight");
            return out;
        }
        if (jobs > 0) {
            out.add(jobs + " pending job(s) in " + w.drivers.size() + " class(es) placed here: " + w.jobsOnHeld
                    + " on free room (" + w.bins.touched(Bins.Kind.REGISTERED) + " registered, "
                    + w.bins.touched(Bins.Kind.IN_FLIGHT) + " in flight), " + w.jobsOnNew + " on " + w.newNodes
                    + " new node(s)");
            List<NodeSetWork.Driver> top = new ArrayList<>(w.drivers);
            top.sort(Comparator.comparingLong(NodeSetWork.Driver::newNodes).reversed()
                    .thenComparing(Comparator.comparingLong(NodeSetWork.Driver::jobs).reversed())
                    .thenComparingInt(d -> d.cls().order()));
            for (NodeSetWork.Driver d : top.subList(0, Math.min(CLASSES_SHOWN, top.size()))) {
                out.add("class [jobs " + d.cls().idsLabel() + "]: " + d.jobs() + " job(s) x " + d.request().nodes()
                        + " node(s) of {" + w.axes.describe(d.request().perNode()) + "}"
                        + (d.request().wholeNode() ? " whole node" : "") + " -> " + d.newNodes() + " new node(s)");
            }
            if (top.size() > CLASSES_SHOWN) {
                out.add("... and " + (top.size() - CLASSES_SHOWN) + " more class(es)");
            }
        }
        if (w.spilled > 0) {
            String why = w.allowance == 0 && w.newNodes == 0 && w.capacity.current >= w.policy.maxReplicas()
                    ? "at maxReplicas " + w.policy.maxReplicas()
                    : w.backoff.active() ? "in backoff" : w.paused() ? "paused"
                    : !w.capacity.exists ? "NodeSet missing" : "maxReplicas " + w.policy.maxReplicas() + " reached";
            out.add(why + ": " + w.spilled + " job(s) go on to the next NodeSet of partition " + w.partition.name()
                    + ", if any");
        }
        return out;
    }
}
