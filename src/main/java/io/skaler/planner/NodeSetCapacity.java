package io.skaler.planner;

import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.SlurmNode;
import io.skaler.policy.NodeSetPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one NodeSet has now and what is on its way, read from its pods and their Slurm nodes:
 * <ul>
 *   <li>registered nodes: busy (never removed), idle (scale-in candidates, and free room for demand), partly used;</li>
 *   <li>in flight: pods not yet registered in Slurm, and replicas asked for that have no pod yet, within
 *       {@code provisioningTimeout} (counted as capacity so booting nodes are never asked for twice);</li>
 *   <li>failed: capacity that did not arrive by then (not counted; it drives backoff and is released), and booting
 *       pods whose machine Karpenter failed to launch: one per failed launch of the NodeSet's NodePool since the pod
 *       was created, oldest pods first, so a capacity failure spills within a cycle instead of after the timeout.</li>
 * </ul>
 */
final class NodeSetCapacity {

    /** A registered node idle in Slurm, with when it last ran a job (unix seconds). */
    record IdleNode(String podName, String slurmNode, long idleSince, boolean schedulable, long[] size) {
    }

    final int current;
    final boolean exists;
    final int busy;
    final int registered;
    /** Idle nodes, idle longest first. */
    final List<IdleNode> idle;
    /** Pods that did not register within provisioningTimeout and are not ready, then those lost to failed launches. */
    final List<String> failedPods;
    /** How many of {@link #failedPods} are lost to failed launches of the NodePool (not to the timeout). */
    final int launchFailed;
    /** Replicas asked for longer than provisioningTimeout ago that never got a pod. */
    final int failedMissing;
    final int inFlight;
    /** Pods booting within provisioningTimeout (not ready, not registered): Slinky removes these first. */
    final List<String> bootingPods;
    /** Replicas asked for within provisioningTimeout that have no pod yet. */
    final int podlessInFlight;
    /** Ready pods Slurm does not know (yet): in flight, never presumed failed, never removed. */
    final int unregisteredReady;

    private final List<long[]> partlyFree = new ArrayList<>();

    /** @param launchFailures when launches of the NodeSet's NodePool failed (any order) */
    NodeSetCapacity(NodeSetPolicy policy, ResourceAxes axes, Optional<NodeSetState> state,
                    Map<String, SlurmNode> slurmNodes, List<Instant> launchFailures, Instant now) {
        exists = state.isPresent();
        current = state.map(NodeSetState::specReplicas).orElse(0);
        List<NodeSetPod> pods = state.map(NodeSetState::pods).orElse(List.of());
        long timeout = policy.provisioningTimeout().getSeconds();
        int busyCount = 0;
        int registeredCount = 0;
        int inFlightCount = 0;
        int readyUnknown = 0;
        int live = 0;
        List<IdleNode> idleNodes = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> booting = new ArrayList<>();
        List<NodeSetPod> unarrived = new ArrayList<>();
        for (NodeSetPod pod : pods) {
            if (pod.terminating()) {
                continue;
            }
            live++;
            SlurmNode node = slurmNodes.get(pod.slurmNodeName());
            if (node == null || node.state().future()) {
                if (pod.ready()) {
                    readyUnknown++;
                    inFlightCount++;
                } else if (pod.createdAt().getEpochSecond() + timeout <= now.getEpochSecond()) {
                    failed.add(pod.podName());
                } else {
                    unarrived.add(pod);
                }
                continue;
            }
            registeredCount++;
            if (node.runsJobs()) {
                busyCount++;
                if (node.state().schedulable()) {
                    long[] free = axes.vector(node.cpus(), node.realMemoryMB(), node.gres());
                    long[] used = axes.vector(node.allocCpus(), node.allocMemoryMB(), node.gresUsed());
                    for (int d = 0; d < free.length; d++) {
                        free[d] = Math.max(0, free[d] - used[d]);
                    }
                    partlyFree.add(free);
                }
            } else if (node.state().idle()) {
                long since = node.lastBusy() > 0 ? node.lastBusy() : pod.createdAt().getEpochSecond();
                idleNodes.add(new IdleNode(pod.podName(), node.name(), since, node.state().schedulable(),
                        axes.vector(node.cpus(), node.realMemoryMB(), node.gres())));
            }
        }
        unarrived.sort(Comparator.comparing(NodeSetPod::createdAt).thenComparing(NodeSetPod::podName));
        int lost = lostToLaunchFailures(unarrived, launchFailures, now.minusSeconds(timeout));
        for (int i = 0; i < unarrived.size(); i++) {
            if (i < lost) {
                failed.add(unarrived.get(i).podName());
            } else {
                inFlightCount++;
                booting.add(unarrived.get(i).podName());
            }
        }
        launchFailed = lost;
        int missing = Math.max(0, current - live);
        boolean missingTimedOut = state.flatMap(NodeSetState::lastScaleUpAt)
                .map(at -> at.getEpochSecond() + timeout <= now.getEpochSecond()).orElse(false);
        busy = busyCount;
        registered = registeredCount;
        failedPods = List.copyOf(failed);
        failedMissing = missingTimedOut ? missing : 0;
        inFlight = inFlightCount + (missingTimedOut ? 0 : missing);
        podlessInFlight = missingTimedOut ? 0 : missing;
        bootingPods = List.copyOf(booting);
        unregisteredReady = readyUnknown;
        idleNodes.sort(Comparator.comparingLong(IdleNode::idleSince).thenComparing(IdleNode::podName));
        idle = List.copyOf(idleNodes);
    }

    /**
     * How many booting pods (oldest first) lost their machine: each failed launch at or after a pod's creation and
     * within provisioningTimeout accounts for one pod created before it. Pure.
     */
    static int lostToLaunchFailures(List<NodeSetPod> bootingOldestFirst, List<Instant> failures, Instant notBefore) {
        List<Instant> recent = failures.stream().filter(f -> !f.isBefore(notBefore)).sorted().toList();
        int lost = 0;
        int used = 0;
        // greedy in time order: the oldest pod takes the earliest failure after its creation
        for (NodeSetPod pod : bootingOldestFirst) {
            while (used < recent.size() && recent.get(used).isBefore(pod.createdAt())) {
                used++;
            }
            if (used == recent.size()) {
                break;
            }
            used++;
            lost++;
        }
        return lost;
    }

    /** Replicas that failed to arrive: released from the NodeSet and not counted as capacity. */
    int failed() {
        return failedPods.size() + failedMissing;
    }

    /**
     * Registers this NodeSet's free room with {@code bins}: partly used nodes first (jobs fill what is open), then
     * idle nodes in idle-longest-first order, then nodes in flight (which, once arrived, are the most recently idle
     * and so come last again: the plan packs the same before and after they arrive). Idle nodes that are drained
     * or otherwise unschedulable offer nothing.
     */
    void fill(Bins bins, ResourceAxes axes) {
        for (Map.Entry<Key, Integer> e : group(partlyFree).entrySet()) {
            bins.addHeld(e.getKey().v.clone(), e.getValue(), false, -1, Bins.Kind.REGISTERED);
        }
        List<long[]> schedulableIdle = new ArrayList<>();
        for (NodeSetCapacity.IdleNode node : idle) {
            if (node.schedulable()) {
                schedulableIdle.add(node.size());
            }
        }
        for (Map.Entry<Key, Integer> e : group(schedulableIdle).entrySet()) {
            bins.addHeld(e.getKey().v.clone(), e.getValue(), true, 0, Bins.Kind.REGISTERED);
        }
        bins.addHeld(axes.capacity(), inFlight, true, -1, Bins.Kind.IN_FLIGHT);
    }

    int schedulableIdle() {
        int n = 0;
        for (IdleNode node : idle) {
            n += node.schedulable() ? 1 : 0;
        }
        return n;
    }

    private static Map<Key, Integer> group(List<long[]> vectors) {
        Map<Key, Integer> out = new LinkedHashMap<>();
        for (long[] v : vectors) {
            out.merge(new Key(v), 1, Integer::sum);
        }
        return out;
    }

    /** A vector usable as a map key. */
    private record Key(long[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }
}
