package io.skaler.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Sentences a person can read about what drove a NodeSet's target: the classes, their jobs, the nodes. */
final class Reasons {
    static final int CLASSES_SHOWN = 3;
    private static final Comparator<NodeSetWork.Driver> FIRST = (a, b) -> {
        int c = Long.compare(b.newNodes(), a.newNodes());
        if (c == 0) {
            c = Long.compare(b.jobs(), a.jobs());
        }
        return c != 0 ? c : Integer.compare(a.cls().order(), b.cls().order());
    };

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
            for (NodeSetWork.Driver d : top(w.drivers)) {
                out.add("class [jobs " + d.cls().idsLabel() + "]: " + d.jobs() + " job(s) x " + d.request().nodes()
                        + " node(s) of {" + w.axes.describe(d.request().perNode()) + "}"
                        + (d.request().wholeNode() ? " whole node" : "") + " -> " + d.newNodes() + " new node(s)");
            }
            if (w.drivers.size() > CLASSES_SHOWN) {
                out.add("... and " + (w.drivers.size() - CLASSES_SHOWN) + " more class(es)");
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

    /**
     * The classes shown, most new nodes first: one pass keeping the best few, not a sort of every driver (a partial
     * plan over 100k distinct classes has to return at once).
     */
    private static List<NodeSetWork.Driver> top(List<NodeSetWork.Driver> drivers) {
        List<NodeSetWork.Driver> top = new ArrayList<>(CLASSES_SHOWN + 1);
        for (NodeSetWork.Driver d : drivers) {
            if (top.size() == CLASSES_SHOWN && FIRST.compare(d, top.get(CLASSES_SHOWN - 1)) >= 0) {
                continue;
            }
            int i = top.size();
            while (i > 0 && FIRST.compare(d, top.get(i - 1)) < 0) {
                i--;
            }
            top.add(i, d);
            if (top.size() > CLASSES_SHOWN) {
                top.remove(CLASSES_SHOWN);
            }
        }
        return top;
    }
}
