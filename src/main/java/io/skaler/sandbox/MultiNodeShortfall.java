package io.skaler.sandbox;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Under-provisioning for multi-node jobs, as a count of jobs: a multi-node job counts once if, at a sample, it has
 * waited at least {@code grace} (virtual) while its NodeSet's replicas (what the autoscaler asked for, boot not
 * counted) leave fewer free nodes than the job needs and stay below the NodeSet's maximum. The grace keeps the
 * autoscaler's reaction time out of it (the runner gives 5 s of wall time, the p99 target, in virtual time: 5 minutes
 * at the default 60x), so what counts is an answer that asks for too few nodes, such as one replica per pending job
 * for a job that needs two.
 */
final class MultiNodeShortfall {
    private final Duration grace;
    private final Set<Long> counted = new HashSet<>();

    MultiNodeShortfall(Duration grace) {
        this.grace = grace;
    }

    /** Checks one NodeSet at one sample; {@code replicas} is its {@code spec.replicas} then. */
    synchronized void check(SlurmState state, SandboxNodeSet ns, int replicas) {
        if (replicas >= ns.maxNodes()) {
            return; // the autoscaler asked for all it may: waiting for busy nodes is not its doing
        }
        int busy = 0;
        for (var n : state.nodes()) {
            if (n.nodeSet().equals(ns.name()) && n.busy()) {
                busy++;
            }
        }
        for (var j : state.jobs()) {
            var r = j.request();
            if (!j.pending() || r.hold() || r.nodes() < 2 || !r.partitions().contains(ns.partition())
                    || !j.eligibleAt(state.now()) || state.now() - j.eligibleTime() < grace.toSeconds()) {
                continue;
            }
            if (replicas - busy < r.nodes()) {
                counted.add(j.jobId());
            }
        }
    }

    synchronized long jobs() {
        return counted.size();
    }
}
