package io.skaler.sandbox;

import io.skaler.sandbox.SandboxReport.LatencyClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Submit-to-scale as the queue sees it: a job is answered when its NodeSet's requested replicas first reach what the
 * queue needed when the job arrived, {@code min(maxReplicas, need)}, need being {@link DemandEstimate}'s node need
 * (pending plus running) right after the submission. The first scale-up after a submission, however small, would
 * count a 10,000-job burst as answered by a +1 step; this waits for the step that covers the burst.
 *
 * <p>The need is assessed once per replay step for the NodeSets that got submissions in it (so a job's need also
 * holds the submissions later in its step). Until then a job is unassessed and the scale-ups since are kept, so one
 * that comes before the assessment still answers it. A job whose NodeSet already asked for enough replicas when it
 * arrived has nothing to answer and is not counted. A job listed in several NodeSets' partitions counts once, at the
 * first that answers it. Events are ordered by arrival (a sequence number), latencies are on {@code clock}. Not
 * thread-safe: {@link SandboxReport} calls it under its lock.
 */
final class NeedAnswered {
    private record Submission(long jobId, long seq, long epochSecond, long wallNanos, int replicasAtSubmit) {
    }

    private record Target(Submission job, int replicas) {
    }

    private record ScaleUp(long seq, int to, long epochSecond, long wallNanos) {
    }

    private final LatencyClock clock;
    private final Map<String, Integer> maxReplicas = new HashMap<>();
    private final Map<String, Integer> requested = new HashMap<>();
    private final Map<String, List<Submission>> unassessed = new HashMap<>();
    private final Map<String, List<ScaleUp>> upsSinceSubmissions = new HashMap<>();
    private final Map<String, List<Target>> waiting = new HashMap<>();
    /** Jobs answered or with nothing to answer, so a job in several NodeSets counts once. */
    private final Set<Long> settled = new HashSet<>();
    private final Histogram latency = new Histogram(3_600_000_000L, 3);
    private long seq;

    NeedAnswered(LatencyClock clock, List<SandboxNodeSet> nodeSets) {
        this.clock = clock;
        for (var ns : nodeSets) {
            maxReplicas.put(ns.name(), ns.maxNodes());
            requested.put(ns.name(), ns.replicas());
        }
    }

    void submitted(String nodeSet, long jobId, long epochSecond, long wallNanos) {
        unassessed.computeIfAbsent(nodeSet, k -> new ArrayList<>())
                .add(new Submission(jobId, ++seq, epochSecond, wallNanos, requested.getOrDefault(nodeSet, 0)));
    }

    /** The NodeSets with submissions whose need is not assessed yet. */
    Set<String> toAssess() {
        return Set.copyOf(unassessed.keySet());
    }

    /** The NodeSet's node need now, right after this step's submissions to it. */
    void assess(String nodeSet, int need) {
        var subs = unassessed.remove(nodeSet);
        var ups = upsSinceSubmissions.remove(nodeSet);
        if (subs == null) {
            return;
        }
        int target = Math.min(maxReplicas.getOrDefault(nodeSet, need), need);
        for (var s : subs) {
            if (settled.contains(s.jobId())) {
                continue;
            }
            if (s.replicasAtSubmit() >= target) {
                settled.add(s.jobId()); // the NodeSet already asked for enough: nothing to answer
                continue;
            }
            var answer = ups == null ? null
                    : ups.stream().filter(u -> u.seq() > s.seq() && u.to() >= target).findFirst().orElse(null);
            if (answer != null) {
                record(s, answer.epochSecond(), answer.wallNanos());
            } else {
                waiting.computeIfAbsent(nodeSet, k -> new ArrayList<>()).add(new Target(s, target));
            }
        }
    }

    /** The NodeSet's requested replicas became {@code to}. */
    void scaled(String nodeSet, int to, long epochSecond, long wallNanos) {
        int from = requested.getOrDefault(nodeSet, 0);
        requested.put(nodeSet, to);
        if (to <= from) {
            return;
        }
        long at = ++seq;
        if (unassessed.containsKey(nodeSet)) {
            upsSinceSubmissions.computeIfAbsent(nodeSet, k -> new ArrayList<>())
                    .add(new ScaleUp(at, to, epochSecond, wallNanos));
        }
        var list = waiting.get(nodeSet);
        if (list == null) {
            return;
        }
        for (Iterator<Target> it = list.iterator(); it.hasNext();) {
            var t = it.next();
            if (settled.contains(t.job().jobId())) {
                it.remove();
            } else if (to >= t.replicas()) {
                record(t.job(), epochSecond, wallNanos);
                it.remove();
            }
        }
    }

    private void record(Submission s, long epochSecond, long wallNanos) {
        long ms = clock == LatencyClock.WALL ? (wallNanos - s.wallNanos()) / 1_000_000
                : (epochSecond - s.epochSecond()) * 1000;
        latency.recordValue(Math.max(0, ms));
        settled.add(s.jobId());
    }

    Histogram latency() {
        return latency;
    }

    /** Jobs still waiting for their answer (or their assessment) now: at the run's end, never answered. */
    long unanswered() {
        var jobs = new HashSet<Long>();
        waiting.values().forEach(l -> l.forEach(t -> jobs.add(t.job().jobId())));
        unassessed.values().forEach(l -> l.forEach(s -> jobs.add(s.jobId())));
        jobs.removeAll(settled);
        return jobs.size();
    }
}
