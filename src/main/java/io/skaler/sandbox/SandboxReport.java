package io.skaler.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Collects what happens during a run (submissions, starts, scale-ups, capacity failures, periodic samples) and turns
 * it into a {@link SandboxSummary}, its JSON and a self-contained HTML page. Thread-safe: Slurm events arrive on the
 * simulation thread, scale-ups possibly on a watch thread.
 */
public final class SandboxReport implements SlurmListener, ClusterListener {
    public enum LatencyClock { WALL, VIRTUAL }

    /** A submission still waiting for a scale-up of its NodeSet. */
    private record Waiting(long submitEpochSecond, long submitWallNanos) {
    }

    private final String autoscaler;
    private final LatencyClock latencyClock;
    private final Map<String, String> nodeSetOfPartition = new HashMap<>();
    private final Map<String, LinkedHashMap<Long, Waiting>> waiting = new HashMap<>();
    private final Map<Long, Long> submitTimes = new HashMap<>();
    /** Each job's first partition, and the wait of the jobs of {@link #waits} by it. */
    private final Map<Long, String> partitionOf = new HashMap<>();
    private final Map<String, Histogram> waitsByPartition = new HashMap<>();
    private final Histogram waits = new Histogram(3_600_000_000L, 3);
    /** {@code --begin}, {@code afterok} and reservation jobs: their eligible times, and the wait from then to their start. */
    private final Map<Long, Long> eligibleTimes = new HashMap<>();
    private final Histogram waitsAtEligibility = new Histogram(3_600_000_000L, 3);
    /** The same waits by why the job was not eligible at once: {@code begin}, {@code afterok}, {@code reservation}. */
    private final Map<Long, String> kindOf = new HashMap<>();
    private final Map<String, Histogram> waitsAtEligibilityByKind = new HashMap<>();
    /** The old measure: submission to the first scale-up of its NodeSet after it, however small. */
    private final Histogram firstScaleUp = new Histogram(3_600_000_000L, 3);
    /** The fair one: submission to the replicas the queue needed then ({@link NeedAnswered}). */
    private final NeedAnswered needAnswered;
    private final List<SandboxNodeSet> nodeSets;
    /** Per scale-up: how long the oldest submission it answered had waited (job-count independent). */
    private final Histogram reaction = new Histogram(3_600_000_000L, 3);
    private final List<Sample> samples = new ArrayList<>();
    private long jobsRun;
    private long capacityFailures;
    private long scaleUps;
    private long scaleDowns;
    private final MultiNodeShortfall multiNode;
    private final LaunchFailureReaction launchFailureReaction;
    private Instant firstSample;
    private Instant lastSample;

    public SandboxReport(String autoscaler, LatencyClock latencyClock, List<SandboxNodeSet> nodeSets) {
        this(autoscaler, latencyClock, nodeSets, java.time.Duration.ofMinutes(5));
    }

    /** @param multiNodeGrace how long a multi-node job may wait for an answer before a short one counts (virtual) */
    public SandboxReport(String autoscaler, LatencyClock latencyClock, List<SandboxNodeSet> nodeSets,
            java.time.Duration multiNodeGrace) {
        this.multiNode = new MultiNodeShortfall(multiNodeGrace);
        this.launchFailureReaction = new LaunchFailureReaction(nodeSets);
        this.autoscaler = autoscaler;
        this.latencyClock = latencyClock;
        this.nodeSets = List.copyOf(nodeSets);
        this.needAnswered = new NeedAnswered(latencyClock, nodeSets);
        nodeSets.forEach(ns -> nodeSetOfPartition.put(ns.partition(), ns.name()));
    }

    @Override
    public synchronized void jobSubmitted(SimJob job) {
        if (job.request().deferred()) {
            // no scale-up is owed before its --begin time: it is timed from then (wait at eligibility) instead
            eligibleTimes.put(job.jobId(), job.eligibleTime());
            kindOf.put(job.jobId(), "begin");
            return;
        }
        if (job.afterOk().exists() || job.request().reserved()) {
            return; // nor before its afterok job ends or its reservation starts: timed from its eligible_time then
        }
        if (job.request().hold()) {
            submitTimes.put(job.jobId(), job.submitTime());
            return; // no scale-up can help a held job, so none is owed to it
        }
        submitted(job.jobId(), job.request().partitions(), job.submitTime(), System.nanoTime());
    }

    /** A job (or array job) submitted to {@code partitions} at {@code submitEpochSecond}, seen at {@code wallNanos}. */
    public synchronized void submitted(long jobId, java.util.List<String> partitions, long submitEpochSecond,
            long wallNanos) {
        submitTimes.put(jobId, submitEpochSecond);
        if (!partitions.isEmpty()) {
            partitionOf.put(jobId, partitions.get(0));
        }
        for (String p : partitions) {
            String ns = nodeSetOfPartition.get(p);
            if (ns != null) {
                waiting.computeIfAbsent(ns, k -> new LinkedHashMap<>())
                        .put(jobId, new Waiting(submitEpochSecond, wallNanos));
                needAnswered.submitted(ns, jobId, submitEpochSecond, wallNanos);
            }
        }
    }

    @Override
    public synchronized void jobStarted(SimJob job) {
        if (job.afterOk().exists() || job.request().reserved()) {
            long id = job.arrayJobId() != 0 ? job.arrayJobId() : job.jobId();
            eligibleTimes.put(id, job.eligibleTime());
            kindOf.put(id, job.afterOk().exists() ? "afterok" : "reservation");
        }
        started(job.arrayJobId() != 0 ? job.arrayJobId() : job.jobId(), job.startTime());
    }

    /**
     * A job owed no scale-up before {@code eligibleEpochSecond} ({@code --begin}, {@code afterok}; the real-Slurm run
     * tells it when the job starts): its start is timed from then, as wait at eligibility.
     */
    public synchronized void eligibleAt(long jobId, long eligibleEpochSecond) {
        eligibleTimes.put(jobId, eligibleEpochSecond);
    }

    /** One record started (a plain job, or one task of array job {@code jobId}). */
    public synchronized void started(long jobId, long startEpochSecond) {
        jobsRun++;
        Long eligible = eligibleTimes.get(jobId);
        if (eligible != null) {
            waitsAtEligibility.recordValue(Math.max(0, startEpochSecond - eligible) * 1000);
            waitsAtEligibilityByKind.computeIfAbsent(kindOf.getOrDefault(jobId, "begin"),
                    k -> new Histogram(3_600_000_000L, 3)).recordValue(Math.max(0, startEpochSecond - eligible) * 1000);
            return;
        }
        Long submitted = submitTimes.get(jobId);
        if (submitted != null) {
            waits.recordValue(Math.max(0, startEpochSecond - submitted) * 1000);
            String partition = partitionOf.get(jobId);
            if (partition != null) {
                waitsByPartition.computeIfAbsent(partition, k -> new Histogram(3_600_000_000L, 3))
                        .recordValue(Math.max(0, startEpochSecond - submitted) * 1000);
            }
        }
        // ran before any scale-up for it: capacity was already there, nothing to time
        waiting.values().forEach(m -> m.remove(jobId));
    }

    @Override
    public synchronized void capacityFailure(String nodePool, String claim, Instant at) {
        capacityFailures++;
        launchFailureReaction.failed(nodePool, at, System.nanoTime());
    }

    /** Failed launches the autoscaler answered by releasing the waiting pod, and how fast. */
    public synchronized List<LaunchFailureReaction.Answer> launchFailureAnswers() {
        return launchFailureReaction.answers();
    }

    /**
     * For the first-scale-up measure, a scale-up covers every submission to that NodeSet made before it and still
     * waiting; for submit-to-scale, only those whose need it reaches.
     */
    @Override
    public synchronized void nodeSetScaled(String nodeSet, int from, int to, Instant at) {
        scaled(nodeSet, from, to, at, System.nanoTime());
    }

    public synchronized void scaled(String nodeSet, int from, int to, Instant at, long wallNanos) {
        launchFailureReaction.scaled(nodeSet, from, to, at, wallNanos);
        if (to < from) {
            scaleDowns++;
        }
        needAnswered.scaled(nodeSet, to, at.getEpochSecond(), wallNanos);
        if (to <= from) {
            return;
        }
        scaleUps++;
        var m = waiting.getOrDefault(nodeSet, new LinkedHashMap<>());
        var it = m.values().iterator();
        long oldest = -1;
        while (it.hasNext()) {
            var w = it.next();
            boolean after = latencyClock == LatencyClock.WALL ? w.submitWallNanos > wallNanos
                    : w.submitEpochSecond > at.getEpochSecond();
            if (after) {
                continue; // submitted after this scale-up: the next one is its answer
            }
            long ms = latencyClock == LatencyClock.WALL ? (wallNanos - w.submitWallNanos) / 1_000_000
                    : (at.getEpochSecond() - w.submitEpochSecond) * 1000;
            firstScaleUp.recordValue(Math.max(0, ms));
            oldest = Math.max(oldest, Math.max(0, ms));
            it.remove();
        }
        if (oldest >= 0) {
            reaction.recordValue(oldest);
        }
    }

    /**
     * Assesses the node need of the NodeSets that got submissions since the last call, once per replay step (the
     * runner calls it after each). The state is read outside the report's lock: Slurm calls the report under its own.
     */
    public void assessNeeds(Supplier<SlurmState> slurm) {
        SlurmState[] state = new SlurmState[1]; // read once, and only when some NodeSet is to be assessed
        assessNeeds(ns -> DemandEstimate.of(state[0] == null ? (state[0] = slurm.get()) : state[0], ns, 0)
                .neededNodes());
    }

    /** As {@link #assessNeeds(Supplier)}, with the node need of a NodeSet given ({@code --slurm-url} runs). */
    public void assessNeeds(java.util.function.ToIntFunction<SandboxNodeSet> needOf) {
        Set<String> names;
        synchronized (this) {
            names = needAnswered.toAssess();
        }
        if (names.isEmpty()) {
            return;
        }
        var need = new HashMap<String, Integer>();
        for (var ns : nodeSets) {
            if (names.contains(ns.name())) {
                need.put(ns.name(), needOf.applyAsInt(ns));
            }
        }
        synchronized (this) {
            need.forEach(needAnswered::assess);
        }
    }

    public synchronized void sample(Sample s) {
        samples.add(s);
        var at = Instant.ofEpochSecond(s.epochSecond());
        if (firstSample == null) {
            firstSample = at;
        }
        lastSample = at;
    }

    /** Checks multi-node jobs against what the autoscaler asked of their NodeSet ({@link MultiNodeShortfall}). */
    public void checkMultiNode(SlurmState state, SandboxNodeSet ns, int replicas) {
        multiNode.check(state, ns, replicas);
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    public synchronized SandboxSummary summary(long jobsKilled) {
        double gpuProvisioned = 0;
        double gpuBusy = 0;
        double over = 0;
        double under = 0;
        double idleAhead = 0;
        for (int i = 1; i < samples.size(); i++) {
            double hours = (samples.get(i).epochSecond() - samples.get(i - 1).epochSecond()) / 3600.0;
            for (var c : samples.get(i - 1).nodeSets().values()) {
                if (c.accelerator()) {
                    gpuProvisioned += c.provisionedNodes() * hours;
                    gpuBusy += c.busyNodes() * hours;
                }
                over += Math.max(0, c.provisionedNodes() - c.neededNodes()) * hours;
                under += Math.max(0, c.neededNodes() - c.provisionedNodes()) * hours;
                idleAhead += c.idleAhead() * hours;
            }
        }
        double span = firstSample == null ? 0 : (lastSample.getEpochSecond() - firstSample.getEpochSecond()) / 3600.0;
        return new SandboxSummary(autoscaler, jobsRun, jobsKilled, seconds(waits.getMean()),
                seconds(waits.getValueAtPercentile(95)), round(gpuProvisioned), round(gpuBusy),
                seconds(needAnswered.latency().getValueAtPercentile(50)),
                seconds(needAnswered.latency().getValueAtPercentile(99)), needAnswered.latency().getTotalCount(),
                needAnswered.unanswered(), seconds(firstScaleUp.getValueAtPercentile(50)),
                seconds(firstScaleUp.getValueAtPercentile(99)), firstScaleUp.getTotalCount(),
                seconds(reaction.getValueAtPercentile(50)), seconds(reaction.getValueAtPercentile(99)), scaleUps,
                capacityFailures, round(over), round(under), latencyClock.name().toLowerCase(), round(span),
                round(gpuProvisioned - gpuBusy), scaleDowns, multiNode.jobs(), waitsAtEligibility.getTotalCount(),
                seconds(waitsAtEligibility.getValueAtPercentile(50)),
                seconds(waitsAtEligibility.getValueAtPercentile(95)), round(idleAhead), byPartition(), waitsByKind());
    }

    private java.util.SortedMap<String, SandboxSummary.PartitionWait> waitsByKind() {
        var out = new java.util.TreeMap<String, SandboxSummary.PartitionWait>();
        waitsAtEligibilityByKind.forEach((k, h) -> out.put(k, new SandboxSummary.PartitionWait(h.getTotalCount(),
                seconds(h.getValueAtPercentile(50)), seconds(h.getValueAtPercentile(95)))));
        return out;
    }

    private java.util.SortedMap<String, SandboxSummary.PartitionWait> byPartition() {
        var out = new java.util.TreeMap<String, SandboxSummary.PartitionWait>();
        waitsByPartition.forEach((p, h) -> out.put(p, new SandboxSummary.PartitionWait(h.getTotalCount(),
                seconds(h.getValueAtPercentile(50)), seconds(h.getValueAtPercentile(95)))));
        return out;
    }

    public static void writeJson(Path file, SandboxSummary summary) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
    }

    public synchronized void writeHtml(Path file, SandboxSummary summary) throws IOException {
        Files.writeString(file, HtmlReport.render(summary, samples));
    }

    private static double seconds(double millis) {
        return round(millis / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
