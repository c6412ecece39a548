package io.skaler.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner saw of one managed NodeSet while planning, for operators (metrics, the explain API): capacity on
 * its way, capacity that did not arrive, and demand its maximum leaves unserved. Never an input to the executor.
 *
 * @param inFlight          nodes asked for and not yet registered in Slurm, including those past
 *                          {@code provisioningTimeout}
 * @param inFlightSince     when the oldest of them was asked for (pod creation, or the last scale-up for replicas
 *                          without a pod); empty when none is in flight
 * @param failedToArrive    of those, the ones past {@code provisioningTimeout} (released, and drive backoff)
 * @param atMax             replicas (wanted or present) reached the policy's {@code maxReplicas}
 * @param inBackoff         capacity that did not arrive keeps new nodes from this NodeSet for now
 * @param unservedGres      GRES by kind ({@code gpu}, {@code neuron}) of pending jobs this NodeSet could host that no
 *                          NodeSet of the partition has room for; empty for a partial plan (not sized)
 */
public record NodeSetReport(
        ObjectRef nodeSet,
        int inFlight,
        Optional<Instant> inFlightSince,
        int failedToArrive,
        boolean atMax,
        boolean inBackoff,
        Map<String, Long> unservedGres) {

    public NodeSetReport {
        unservedGres = Map.copyOf(unservedGres);
        if (inFlight < 0 || failedToArrive < 0 || failedToArrive > inFlight) {
            throw new IllegalArgumentException(nodeSet + ": in flight " + inFlight + ", failed " + failedToArrive
                    + ": expected 0 <= failed <= in flight");
        }
    }
}
