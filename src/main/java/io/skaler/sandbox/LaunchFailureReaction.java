package io.skaler.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast the autoscaler answers a failed launch: from Karpenter deleting a NodeClaim for insufficient capacity to
 * the first scale-down of a NodeSet on that NodePool (the autoscaler releasing the pod that waited for the machine).
 * Measured in wall time, the autoscaler's own clock in the sandbox, and in virtual time. Not thread-safe: the report
 * calls it under its lock.
 */
final class LaunchFailureReaction {
    /** One answered failure. */
    record Answer(String nodePool, double wallSeconds, double virtualSeconds) {
    }

    private record Failure(Instant at, long wallNanos) {
    }

    private final Map<String, String> poolOfNodeSet = new HashMap<>();
    private final Map<String, List<Failure>> unanswered = new HashMap<>();
    private final List<Answer> answers = new ArrayList<>();

    LaunchFailureReaction(List<SandboxNodeSet> nodeSets) {
        nodeSets.forEach(ns -> poolOfNodeSet.put(ns.name(), ns.nodePool()));
    }

    void failed(String nodePool, Instant at, long wallNanos) {
        unanswered.computeIfAbsent(nodePool, k -> new ArrayList<>()).add(new Failure(at, wallNanos));
    }

    void scaled(String nodeSet, int from, int to, Instant at, long wallNanos) {
        String pool = poolOfNodeSet.get(nodeSet);
        if (to >= from || pool == null) {
            return;
        }
        List<Failure> open = unanswered.remove(pool);
        if (open != null) {
            open.forEach(f -> answers.add(new Answer(pool, Math.max(0, wallNanos - f.wallNanos()) / 1e9,
                    Math.max(0, at.toEpochMilli() - f.at().toEpochMilli()) / 1000.0)));
        }
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }
}
