package io.skaler.planner;

import io.skaler.model.Gres;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetReport;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.SlurmNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The plan's account of each managed NodeSet for operators: what is in flight and since when, what did not arrive,
 * whether it is at its maximum, and the GRES of jobs it could host that were left without room. Read from the same
 * work the decision used, so the metrics say what the planner saw, not a second guess of it.
 */
final class NodeSetReports {
    private NodeSetReports() {
    }

    /**
     * @param works   every managed NodeSet, in the order of {@code targets}
     * @param partial the budget ran out: jobs left unpacked are not sized, so no unserved GRES is claimed
     */
    static List<NodeSetReport> of(Map<String, NodeSetWork[]> byPartition, List<NodeSetWork> works,
                                  List<NodeSetTarget> targets, PartitionChoice choice,
                                  Map<String, SlurmNode> slurmNodes, boolean partial) {
        Map<NodeSetWork, Boolean> atMax = new IdentityHashMap<>();
        for (int i = 0; i < works.size(); i++) {
            atMax.put(works.get(i), atMax(works.get(i), targets.get(i)));
        }
        Map<NodeSetWork, Map<String, Long>> unserved = partial ? Map.of() : unserved(byPartition, choice, atMax);
        List<NodeSetReport> out = new ArrayList<>(works.size());
        for (NodeSetWork w : works) {
            NodeSetCapacity cap = w.capacity;
            out.add(new NodeSetReport(w.policy.ref(), cap.inFlight + cap.failed(), inFlightSince(w, slurmNodes),
                    cap.failed(), atMax.get(w), w.backoff.active(), unserved.getOrDefault(w, Map.of())));
        }
        return out;
    }

    static boolean atMax(NodeSetWork w, NodeSetTarget t) {
        return w.capacity.exists && Math.max(t.current(), t.desired()) >= w.policy.maxReplicas();
    }

    /** The oldest pod not yet registered in Slurm, or the last scale-up when replicas still have no pod. */
    private static Optional<Instant> inFlightSince(NodeSetWork w, Map<String, SlurmNode> slurmNodes) {
        if (w.state.isEmpty()) {
            return Optional.empty();
        }
        NodeSetState s = w.state.get();
        Instant oldest = null;
        int live = 0;
        for (NodeSetPod pod : s.pods()) {
            if (pod.terminating()) {
                continue;
            }
            live++;
            SlurmNode node = slurmNodes.get(pod.slurmNodeName());
            if ((node == null || node.state().future()) && (oldest == null || pod.createdAt().isBefore(oldest))) {
                oldest = pod.createdAt();
            }
        }
        if (s.specReplicas() > live && s.lastScaleUpAt().isPresent()
                && (oldest == null || s.lastScaleUpAt().get().isBefore(oldest))) {
            oldest = s.lastScaleUpAt().get();
        }
        return w.capacity.inFlight + w.capacity.failed() == 0 ? Optional.empty() : Optional.ofNullable(oldest);
    }

    /** Jobs no NodeSet of their partition took, charged to every NodeSet at its maximum that could host them. */
    private static Map<NodeSetWork, Map<String, Long>> unserved(Map<String, NodeSetWork[]> byPartition,
                                                              PartitionChoice choice,
                                                              Map<NodeSetWork, Boolean> atMax) {
        Map<NodeSetWork, Map<String, Long>> out = new IdentityHashMap<>();
        for (Map.Entry<String, NodeSetWork[]> e : byPartition.entrySet()) {
            NodeSetWork[] nodeSets = e.getValue();
            for (PartitionChoice.Assigned a : choice.byPartition.getOrDefault(e.getKey(), List.of())) {
                if (a.remaining <= 0) {
                    continue;
                }
                Map<String, Long> gres = gres(a.cls.key(), a.remaining);
                if (gres.isEmpty()) {
                    continue;
                }
                for (int i = 0; i < nodeSets.length; i++) {
                    NodeSetWork w = nodeSets[i];
                    if (a.fits[i] instanceof ShapeFit.Fits && atMax.get(w)) {
                        Map<String, Long> into = out.computeIfAbsent(w, k -> new TreeMap<>());
                        gres.forEach((k, v) -> into.merge(k, v, Long::sum));
                    }
                }
            }
        }
        return out;
    }

    /** GRES by kind that {@code jobs} jobs of one class ask for in total (as the partition summary counts them). */
    private static Map<String, Long> gres(JobClass.Key key, long jobs) {
        Map<String, Long> out = new TreeMap<>();
        add(out, key.gresPerNode(), (long) key.minNodes() * jobs);
        add(out, key.gresPerJob(), jobs);
        add(out, key.gresPerTask(), (long) key.tasks() * jobs);
        add(out, key.gresPerSocket(), (long) key.minNodes() * jobs);
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static void add(Map<String, Long> into, Gres g, long times) {
        g.amounts().forEach((name, count) -> into.merge(Gres.kindOf(name), count * times, Long::sum));
    }
}
