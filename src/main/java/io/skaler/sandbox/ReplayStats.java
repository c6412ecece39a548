package io.skaler.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one replay measures: each started job's wait by the partition it ran in, jobs that never ran, and every
 * {@code sampleEvery} per NodeSet the nodes needed ({@link DemandEstimate}), provisioned (a machine launched for a
 * pod) and busy; accelerator node-hours are integrated from those samples (each sample stands for the interval
 * after it). Replica changes are kept with their reason for the report.
 */
final class ReplayStats implements SlurmListener, ReplayCluster.ScaleListener {
    /** One replica change. */
    record Decision(long epochSecond, String nodeSet, int from, int to, String why) {
    }

    /** Per NodeSet, one column per sample. */
    static final class Series {
        int[] needed = new int[1024];
        int[] provisioned = new int[1024];
        int[] busy = new int[1024];
    }

    private final Map<String, long[]> waits = new TreeMap<>();
    private final Map<String, Integer> waitCounts = new TreeMap<>();
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final List<Decision> decisions = new ArrayList<>();
    private final long sampleSeconds;
    private long[] sampleTimes = new long[1024];
    private int samples;
    private double gpuProvisionedNodeSeconds;
    private double gpuBusyNodeSeconds;
    private int started;

    ReplayStats(Duration sampleEvery) {
        this.sampleSeconds = sampleEvery.toSeconds();
    }

    /** Per partition, jobs running on each node now; the most nodes busy at once, counted at every start. */
    private final Map<String, Map<String, Integer>> running = new java.util.HashMap<>();
    private final Map<String, Integer> peakBusy = new java.util.HashMap<>();

    @Override
    public void jobEnded(SimJob job) {
        var onNodes = running.get(job.partition());
        if (onNodes != null && job.nodes() != null) {
            for (String n : job.nodes()) {
                onNodes.computeIfPresent(n, (k, c) -> c > 1 ? c - 1 : null);
            }
        }
    }

    /**
     * The most nodes of {@code partition} that ran jobs at the same moment, counted at each job start (so jobs of
     * seconds count, which per-minute samples miss); 0 when none ran.
     */
    int peakBusy(String partition) {
        return peakBusy.getOrDefault(partition, 0);
    }

    @Override
    public void jobStarted(SimJob job) {
        if (job.nodes() != null && !job.nodes().isEmpty()) {
            var onNodes = running.computeIfAbsent(job.partition(), p -> new java.util.HashMap<>());
            for (String n : job.nodes()) {
                onNodes.merge(n, 1, Integer::sum);
            }
            peakBusy.merge(job.partition(), onNodes.size(), Math::max);
        }
        started++;
        long wait = Math.max(0, job.startTime() - job.submitTime());
        var w = waits.computeIfAbsent(job.partition(), p -> new long[256]);
        int n = waitCounts.getOrDefault(job.partition(), 0);
        if (n == w.length) {
            w = Arrays.copyOf(w, n * 2);
            waits.put(job.partition(), w);
        }
        w[n] = wait;
        waitCounts.put(job.partition(), n + 1);
    }

    @Override
    public void scaled(String nodeSet, int from, int to, Instant at, String why) {
        decisions.add(new Decision(at.getEpochSecond(), nodeSet, from, to, why));
    }

    /** Takes one sample of the cluster now. */
    void sample(ReplayCluster cluster) {
        var state = cluster.slurm.state();
        if (samples == sampleTimes.length) {
            sampleTimes = Arrays.copyOf(sampleTimes, samples * 2);
        }
        sampleTimes[samples] = cluster.clock.epochSecond();
        for (var ns : cluster.scenario.nodeSets()) {
            var c = DemandEstimate.of(state, ns, cluster.provisioned(ns.name()));
            var s = series.computeIfAbsent(ns.name(), k -> new Series());
            if (samples == s.needed.length) {
                s.needed = Arrays.copyOf(s.needed, samples * 2);
                s.provisioned = Arrays.copyOf(s.provisioned, samples * 2);
                s.busy = Arrays.copyOf(s.busy, samples * 2);
            }
            s.needed[samples] = c.neededNodes();
            s.provisioned[samples] = c.provisionedNodes();
            s.busy[samples] = c.busyNodes();
            if (c.accelerator()) {
                gpuProvisionedNodeSeconds += (double) c.provisionedNodes() * sampleSeconds;
                gpuBusyNodeSeconds += (double) c.busyNodes() * sampleSeconds;
            }
        }
        samples++;
    }

    int samples() {
        return samples;
    }

    long sampleTime(int i) {
        return sampleTimes[i];
    }

    Map<String, Series> series() {
        return series;
    }

    List<Decision> decisions() {
        return decisions;
    }

    int started() {
        return started;
    }

    double gpuNodeHoursProvisioned() {
        return gpuProvisionedNodeSeconds / 3600;
    }

    double gpuNodeHoursBusy() {
        return gpuBusyNodeSeconds / 3600;
    }

    /** Started jobs' waits in seconds, sorted, by partition. */
    Map<String, long[]> waitsByPartition() {
        Map<String, long[]> out = new TreeMap<>();
        waits.forEach((p, w) -> {
            long[] sorted = Arrays.copyOf(w, waitCounts.get(p));
            Arrays.sort(sorted);
            out.put(p, sorted);
        });
        return out;
    }

    /** The nearest-rank percentile ({@code q} in 0..1) of sorted values: the smallest value with q of them at or below. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
