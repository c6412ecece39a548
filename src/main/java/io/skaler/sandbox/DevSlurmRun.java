package io.skaler.sandbox;

import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code skaler sandbox --slurm-url}: the real skaler against the real slurmrestd of deploy/dev/slurm, with the
 * sandbox's in-process Kubernetes API holding the scenario's NodeSets and NodePools. The run plays kubelet and
 * slurm-operator ({@link DevSlurmOperator}: a new pod starts the real slurmd of its Slurm node, named as Slinky
 * names it, a removed one is drained first, then its slurmd stopped), submits the scenario's small workload with sbatch at its offsets (real
 * time), and ends when every job has finished and every NodeSet is back to no pods, or at {@code giveUpAfter}.
 */
public final class DevSlurmRun {
    /**
     * @param idleFor      the policy's idleFor (real time): how long an idle node stays before scale-in
     * @param resync       skaler's full resync, which re-plans when nothing changes, so idle nodes reach idleFor
     * @param giveUpAfter  the run ends then whatever is left; nodes still up are taken down
     * @param backlog      held jobs put in the queue before the workload ({@link DevSlurmBacklog}), cancelled after
     */
    public record Options(Duration idleFor, Duration stabilization, Duration resync, Duration giveUpAfter,
            Duration sampleEvery, Duration progressEvery, Optional<Path> summaryJson, Optional<Path> htmlReport,
            int backlog) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.empty(),
                    Optional.empty(), 0);
        }
    }

    private static final Duration TICK = Duration.ofSeconds(1);

    private final Scenario scenario;
    private final URI slurmUrl;
    private final TokenSource token;
    private final DevSlurmScripts scripts;
    private final Options options;
    private final PrintStream out;
    private final long startEpoch = Instant.now().getEpochSecond();
    private double cancelSeconds;

    public DevSlurmRun(Scenario scenario, URI slurmUrl, TokenSource token, DevSlurmScripts scripts, Options options,
            PrintStream out) {
        this.scenario = scenario;
        this.slurmUrl = slurmUrl;
        this.token = token;
        this.scripts = scripts;
        this.options = options;
        this.out = out;
    }

    public SandboxSummary run(boolean dryRun) throws Exception {
        var submissions = DevSlurmWorkload.of(scenario.workload());
        var report = new SandboxReport("skaler", SandboxReport.LatencyClock.WALL, scenario.nodeSets(),
                Duration.ofSeconds(5));
        // the run reads Slurm as root, so slurmctld's statistics for skaler's user are skaler's alone
        var slurm = new DevSlurmJobs(slurmUrl, TokenSource.fixed(new Token(scripts.run(Duration.ofMinutes(1), "token",
                "root", Long.toString(options.giveUpAfter().plusHours(1).toSeconds())))));
        try (var kube = SandboxKube.start()) {
            SandboxObjects.create(kube.client(), scenario.namespace(), scenario.nodeSets(), scenario.nodePools());
            var operators = new ArrayList<DevSlurmOperator>();
            scenario.nodeSets().forEach(ns -> operators.add(new DevSlurmOperator(kube.client(), scripts,
                    scenario.namespace(), ns.name())));
            var skaler = SkalerInSandbox.onRealSlurm(scenario, dryRun, token, options.idleFor(),
                    options.stabilization(), options.resync());
            skaler.printDecisions(out, this::elapsed);
            out.printf("sandbox: %s on the real Slurm at %s, %d submissions, Kubernetes API %s%n", scenario.name(),
                    slurmUrl, submissions.size(), kube.client().getMasterUrl());
            var submitted = new ArrayList<Long>();
            var load = new DevSlurmLoad(slurmUrl.getPort(), slurm, token.current().orElseThrow().value(),
                    skaler::slurmBytesRead);
            RealSlurmLoad cost;
            long lost;
            try (var watcher = new ScaleWatcher(kube.client(), scenario.namespace(), Instant::now, report, out, false,
                    this::elapsed)) {
                try {
                    // inside the try: whatever fails after the fill, the backlog is cancelled
                    var backlog = options.backlog() > 0 ? fillBacklog() : new DevSlurmBacklog.Filled(0, 0);
                    skaler.start(slurmUrl, kube.newClient(), Clock.systemUTC());
                    awaitReady(skaler);
                    double backlogRead = awaitBacklogRead(skaler, backlog.jobs());
                    lost = drive(submissions, submitted, slurm, operators, kube, report, load);
                    cost = load.end(backlog, backlogRead);
                } finally {
                    skaler.stop();
                    takeDownLeftovers(operators);
                    if (options.backlog() > 0) {
                        cancelSeconds = DevSlurmBacklog.cancel(scripts, out);
                    }
                }
            }
            cost = cost.withCancelSeconds(cancelSeconds);
            var summary = report.summary(lost);
            cost.print(out);
            if (options.summaryJson().isPresent()) {
                cost.writeJson(options.summaryJson().get(), summary);
            }
            if (options.htmlReport().isPresent()) {
                report.writeHtml(options.htmlReport().get(), summary);
            }
            return summary;
        }
    }

    /** Runs until done or given up; returns the number of jobs Slurm ended as lost (cancelled, node failure). */
    private long drive(List<DevSlurmWorkload.Submission> submissions, List<Long> submitted, DevSlurmJobs slurm,
            List<DevSlurmOperator> operators, SandboxKube kube, SandboxReport report, DevSlurmLoad load)
            throws Exception {
        load.start();
        long start = System.nanoTime();
        Set<Long> counted = new HashSet<>();
        int next = 0;
        long nextSample = 0;
        long nextProgress = 0;
        List<DevSlurmJobs.Job> jobs = List.of();
        Map<Long, JobRequest> requests = new HashMap<>();
        Map<String, Long> jobIds = new HashMap<>();
        Set<Long> timedFromEligibility = new HashSet<>();
        while (true) {
            long now = System.nanoTime() - start;
            boolean submittedNow = false;
            while (next < submissions.size() && submissions.get(next).offset().toNanos() <= now) {
                var s = submissions.get(next++);
                long id = scripts.sbatch(s.user(), s.sbatchArgs((group, index) -> jobId(jobIds, group, index))
                        .toArray(String[]::new));
                jobIds.put(groupJob(s.group(), s.index()), id);
                if (s.waitsForEligibility()) {
                    timedFromEligibility.add(id); // no scale-up is owed before its begin time or dependency's end
                } else {
                    report.submitted(id, s.partitions(), Instant.now().getEpochSecond(), System.nanoTime());
                }
                submitted.add(id);
                requests.put(id, s.request());
                submittedNow = true;
            }
            jobs = slurm.jobs(submitted);
            if (submittedNow) {
                assessNeeds(report, jobs, requests, slurm.nodeStates(), operators);
            }
            for (var j : jobs) {
                if (j.started() && counted.add(j.jobId())) {
                    if (timedFromEligibility.contains(j.submission())) {
                        report.eligibleAt(j.submission(), j.eligibleTime());
                    }
                    report.started(j.submission(), j.startTime());
                }
            }
            for (var op : operators) {
                int added = op.added().size();
                int removed = op.removed().size();
                op.reconcile(replicas(kube, op.nodeSet()));
                String at = elapsed(Instant.now().getEpochSecond());
                op.added().subList(added, op.added().size()).forEach(n -> out.println(at + "  node " + n
                        + " up (pod Ready, slurmd started)"));
                op.removed().subList(removed, op.removed().size()).forEach(r -> out.println(at + "  node " + r.node()
                        + " down (was " + r.slurmStateAtDecision() + "; drained, slurmd stopped, pod " + r.pod()
                        + " deleted)"));
            }
            if (now >= nextSample) {
                report.sample(sample(jobs, slurm.nodeStates(), operators));
                nextSample = now + options.sampleEvery().toNanos();
            }
            boolean allFinished = next == submissions.size() && !jobs.isEmpty()
                    && jobs.stream().allMatch(DevSlurmJobs.Job::finished);
            boolean scaledIn = operators.stream().allMatch(op -> op.pods().isEmpty()
                    && replicas(kube, op.nodeSet()) == 0);
            if (now >= nextProgress || (allFinished && scaledIn)) {
                progress(jobs, operators);
                nextProgress = now + options.progressEvery().toNanos();
            }
            if (allFinished && scaledIn) {
                out.println("sandbox: every job finished and every node scaled in");
                break;
            }
            if (now > options.giveUpAfter().toNanos()) {
                out.println("sandbox: giving up after " + options.giveUpAfter().toSeconds() + " s: "
                        + (allFinished ? "nodes still up" : "jobs not finished"));
                break;
            }
            load.sample();
            Thread.sleep(TICK.toMillis());
        }
        return jobs.stream().filter(DevSlurmJobs.Job::lost).count();
    }

    private static String groupJob(String group, int index) {
        return group + "#" + index;
    }

    /** The id sbatch gave job {@code index} of {@code group}, which a later job of the workload depends on. */
    private static long jobId(Map<String, Long> jobIds, String group, int index) {
        Long id = jobIds.get(groupJob(group, index));
        if (id == null) {
            throw new IllegalStateException("job " + index + " of group " + group + " was not submitted before the"
                    + " job that depends on it");
        }
        return id;
    }

    /**
     * The need this tick's submissions met, for submit-to-scale: read from Slurm right after them, as the simulated
     * run assesses it after each replay step.
     */
    private void assessNeeds(SandboxReport report, List<DevSlurmJobs.Job> jobs, Map<Long, JobRequest> requests,
            Map<String, List<String>> nodes, List<DevSlurmOperator> operators) {
        report.assessNeeds(ns -> DevSlurmDemand.need(ns, operators.stream()
                .filter(o -> o.nodeSet().equals(ns.name())).findFirst().orElseThrow().naming().slurmNodeSet() + "-",
                jobs, requests, nodes, Instant.now().getEpochSecond()));
    }

    private Sample sample(List<DevSlurmJobs.Job> jobs, Map<String, List<String>> nodes,
            List<DevSlurmOperator> operators) {
        var counts = new LinkedHashMap<String, Sample.Counts>();
        for (var ns : scenario.nodeSets()) {
            var op = operators.stream().filter(o -> o.nodeSet().equals(ns.name())).findFirst().orElseThrow();
            String slurmNodes = op.naming().slurmNodeSet() + "-";
            int busy = (int) nodes.entrySet().stream().filter(e -> e.getKey().startsWith(slurmNodes))
                    .filter(e -> e.getValue().contains("ALLOCATED") || e.getValue().contains("MIXED")).count();
            // pending records, one node each: an estimate (no packing, a multi-node job counts once)
            int pending = (int) jobs.stream().filter(j -> j.partition().equals(ns.partition()))
                    .filter(j -> j.states().contains("PENDING")).count();
            counts.put(ns.name(), new Sample.Counts(Math.min(ns.maxNodes(), busy + pending), op.pods().size(), busy,
                    pending, !ns.node().gres().isEmpty()));
        }
        return new Sample(Instant.now().getEpochSecond(), counts);
    }

    private void progress(List<DevSlurmJobs.Job> jobs, List<DevSlurmOperator> operators) {
        var nodes = new StringBuilder();
        operators.forEach(op -> nodes.append(' ').append(op.nodeSet()).append(' ').append(op.pods().size()));
        out.printf("%s  jobs pending %d  running %d  finished %d  lost %d  pods%s%n",
                elapsed(Instant.now().getEpochSecond()),
                jobs.stream().filter(j -> j.states().contains("PENDING")).count(),
                jobs.stream().filter(j -> j.states().contains("RUNNING")).count(),
                jobs.stream().filter(DevSlurmJobs.Job::finished).count(),
                jobs.stream().filter(DevSlurmJobs.Job::lost).count(), nodes);
    }

    /** Held jobs in the first NodeSet's partition, submitted as an ordinary user with a token of its own. */
    private DevSlurmBacklog.Filled fillBacklog() throws Exception {
        String userToken = scripts.run(Duration.ofMinutes(1), "token", DevSlurmBacklog.USER,
                Long.toString(options.giveUpAfter().plusHours(1).toSeconds()));
        out.printf("sandbox: filling the real Slurm with %d held jobs (%s, partition %s)%n", options.backlog(),
                DevSlurmBacklog.USER, scenario.nodeSets().get(0).partition());
        return new DevSlurmBacklog(slurmUrl, userToken, scenario.nodeSets().get(0).partition(), out)
                .fill(options.backlog());
    }

    private void awaitReady(SkalerInSandbox skaler) throws InterruptedException {
        // the first read of a big queue takes longer (slurmrestd: under a millisecond per job)
        long waitSeconds = Math.max(60, options.backlog() / 500);
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (!skaler.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("skaler not ready after " + waitSeconds
                        + " s (Slurm or policy not read)");
            }
            Thread.sleep(20);
        }
        out.println(options.backlog() > 0 ? "sandbox: skaler ready; waiting until it has read the backlog"
                : "sandbox: skaler ready; submitting");
    }

    /**
     * Waits until skaler has read every job of the backlog once, so submit-to-scale is measured on a queue skaler
     * keeps current, not on its first read after a start (which the summary reports apart: seconds from skaler's start).
     * Jobs submitted before skaler first lists the queue are read with the backlog, in id order.
     */
    private double awaitBacklogRead(SkalerInSandbox skaler, int backlog) throws InterruptedException {
        if (backlog == 0) {
            return 0;
        }
        long started = System.nanoTime();
        long waitSeconds = Math.max(600, backlog / 20); // 26.05 read 100,000 jobs in 594 s on a loaded machine
        while (!skaler.jobsRead(backlog)) {
            if (System.nanoTime() - started > waitSeconds * 1_000_000_000L) {
                throw new IllegalStateException("skaler had not read the backlog of " + backlog + " jobs after "
                        + waitSeconds + " s");
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - skaler.startedNanos()) / 1e9;
        out.printf(java.util.Locale.ROOT, "sandbox: skaler read the backlog of %d jobs %.1f s after its start;"
                + " submitting the workload%n", backlog, seconds);
        return seconds;
    }

    /** A run that gave up leaves no slurmd behind: the dev Slurm is left as the run found it. */
    private void takeDownLeftovers(List<DevSlurmOperator> operators) {
        for (var op : operators) {
            for (var pod : op.pods()) {
                String name = DevSlurmOperator.slurmNode(pod);
                out.println("sandbox: taking down " + name + " (pod " + pod.getMetadata().getName()
                        + ", still up at the end of the run)");
                try {
                    scripts.nodeDown(name);
                } catch (DevSlurmScripts.DevSlurmException e) {
                    out.println("sandbox: " + e.getMessage());
                }
            }
        }
    }

    private int replicas(SandboxKube kube, String nodeSet) {
        var ns = kube.client().genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(scenario.namespace())
                .withName(nodeSet).get();
        return ScaleWatcher.replicas(ns);
    }

    private String elapsed(long epochSecond) {
        long s = epochSecond - startEpoch;
        return String.format("t+%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
