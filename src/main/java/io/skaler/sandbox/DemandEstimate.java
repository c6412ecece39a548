package io.skaler.sandbox;

import io.skaler.model.Gres;

/**
 * How many nodes a NodeSet needs right now, as a yardstick for over- and under-provisioning: the nodes running jobs
 * plus pending work packed by its largest share of a node (CPUs, memory or a GRES), whole nodes for exclusive jobs,
 * an array counted by the tasks its throttle lets run. Held jobs need nothing, nor do jobs whose {@code --begin} time
 * has not come or whose {@code afterok} job runs still (their nodes are counted apart, as {@code awaitingNodes}), nor
 * jobs whose dependency failed. Capped at the NodeSet's size.
 */
final class DemandEstimate {
    private DemandEstimate() {
    }

    static Sample.Counts of(SlurmState state, SandboxNodeSet ns, int provisioned) {
        var shape = ns.node();
        int busy = 0;
        for (var n : state.nodes()) {
            if (n.nodeSet().equals(ns.name()) && n.busy()) {
                busy++;
            }
        }
        double pendingNodes = 0;
        double awaitingNodes = 0;
        int pending = 0;
        for (var j : state.jobs()) {
            var r = j.request();
            if (!j.pending() || r.hold() || j.neverRuns() || !r.partitions().contains(ns.partition())) {
                continue;
            }
            long tasks = 1;
            if (j.arrayRecord()) {
                long running = state.jobs().stream().filter(x -> x.running() && x.arrayJobId() == j.arrayJobId())
                        .count();
                tasks = r.arrayThrottle() > 0 ? Math.max(0, Math.min(j.pendingTasks().count(),
                        r.arrayThrottle() - running)) : j.pendingTasks().count();
            }
            if (tasks == 0) {
                continue;
            }
            double nodes = tasks * r.nodes() * share(r, shape.cpus(), shape.memoryMB(), shape.gres());
            if (!j.eligibleAt(state.now())) {
                awaitingNodes += nodes;
                continue;
            }
            pending++;
            pendingNodes += nodes;
        }
        int needed = Math.min(ns.maxNodes(), busy + (int) Math.ceil(pendingNodes - 1e-9));
        return new Sample.Counts(needed, provisioned, busy, pending, !shape.gres().isEmpty(),
                Math.min(ns.maxNodes(), (int) Math.ceil(awaitingNodes - 1e-9)));
    }

    static double share(JobRequest r, int cpus, long memMB, Gres gres) {
        if (r.exclusive()) {
            return 1;
        }
        double s = Math.max((double) r.cpusPerNode(cpus) / cpus, (double) r.memoryPerNodeMB() / memMB);
        var need = GresMath.concrete(gres, r.gresNeededPerNode());
        for (var e : need.amounts().entrySet()) {
            long have = gres.amounts().getOrDefault(e.getKey(), 0L);
            s = Math.max(s, have == 0 ? 1 : (double) e.getValue() / have);
        }
        return Math.min(1, s);
    }
}
