package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sandbox run: an in-process Kubernetes API with the scenario's NodeSets and NodePools, the simulated Slurm
 * served as slurmrestd, simulated Karpenter and kubelet, the workload replayed on the virtual clock, and either an
 * autoscaler under test (real time, scaled: {@code speed} virtual seconds per real second) or the KEDA model (which
 * lives in virtual time, so the run goes as fast as the machine allows). It prints scale decisions and a progress
 * line, ends by itself once the workload is done and the quiet tail has passed, and returns the summary.
 */
public final class SandboxRunner {
    /**
     * @param speed       virtual seconds per real second with an autoscaler under test (e.g. 60)
     * @param tick        real time between simulation steps with an autoscaler under test
     * @param step        virtual time per step in the KEDA run (no sleeping)
     * @param sampleEvery virtual time between samples for the chart and node-hours
     * @param giveUpAfter virtual time after the last submission at which a run that never drains ends anyway
     */
    public record Options(double speed, Duration tick, Duration step, Duration sampleEvery, Duration giveUpAfter,
            Duration progressEvery, Optional<Path> summaryJson, Optional<Path> htmlReport) {
        public static Options defaults() {
            return new Options(60, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30),
                    Duration.ofHours(12), Duration.ofSeconds(5), Optional.empty(), Optional.empty());
        }
    }

    private final Scenario scenario;
    private final Options options;
    private final PrintStream out;
    private List<JsonNode> clusterObjects = List.of();

    public SandboxRunner(Scenario scenario, Options options, PrintStream out) {
        this.scenario = scenario;
        this.options = options;
        this.out = out;
    }

    /** The run creates these objects (the user's NodeSets, NodePools, Controller, RestApi) as they are. */
    public SandboxRunner startingFrom(List<JsonNode> objects) {
        this.clusterObjects = List.copyOf(objects);
        return this;
    }

    /** Runs the scenario with {@code autoscaler} in charge of the NodeSets. */
    public SandboxSummary run(SandboxAutoscaler autoscaler) throws Exception {
        return run(Optional.of(autoscaler), Optional.empty());
    }

    /** Runs the scenario with the documented KEDA set-up in charge instead. */
    public SandboxSummary runKeda(KedaSettings keda) throws Exception {
        return run(Optional.empty(), Optional.of(keda));
    }

    private SandboxSummary run(Optional<SandboxAutoscaler> autoscaler, Optional<KedaSettings> keda) throws Exception {
        Instant start = scenario.start();
        for (var ns : scenario.nodeSets()) {
            if (!ns.hostname().equals(ns.name() + "-")) {
                throw new IllegalArgumentException("nodeSets." + ns.name() + ".hostname: the simulated Slurm names "
                        + "each node after its pod; a template hostname other than '" + ns.name() + "-' needs "
                        + "--slurm-url");
            }
        }
        var clock = new VirtualClock(start);
        String name = autoscaler.map(SandboxAutoscaler::name).orElse("keda-model");
        // a multi-node job may wait 5 s of the autoscaler's own time for its answer before a short one counts
        var grace = autoscaler.isPresent() ? Duration.ofMillis((long) (5000 * options.speed())) : Duration.ofMinutes(5);
        var report = new SandboxReport(name, autoscaler.isPresent() ? SandboxReport.LatencyClock.WALL
                : SandboxReport.LatencyClock.VIRTUAL, scenario.nodeSets(), grace);
        var slurm = new SimulatedSlurm(clock, scenario.nodeSets());
        slurm.addListener(report);
        try (var kube = SandboxKube.start(clock::now);
                var rest = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start()) {
            if (clusterObjects.isEmpty()) {
                SandboxObjects.create(kube.client(), scenario.namespace(), scenario.nodeSets(), scenario.nodePools());
            } else {
                SandboxObjects.createAsGiven(kube.client(), scenario.namespace(), clusterObjects);
            }
            var karpenter = new SimulatedKarpenter(kube.client(), clock, scenario.karpenter(), scenario.nodePools());
            karpenter.addListener(report);
            var kubelet = new SimulatedKubelet(kube.client(), clock, slurm, karpenter, scenario.namespace(),
                    scenario.podStartDelay(), scenario.drainRecheck()).start();
            var replayer = new WorkloadReplayer(slurm, scenario.workload());
            int total = replayer.schedule(start);
            sampleEvery(clock, slurm, karpenter, kubelet, report, start);
            out.printf("sandbox: %s, %d submissions, slurmrestd %s, Kubernetes API %s%n", scenario.name(), total,
                    rest.uri(), kube.client().getMasterUrl());
            ScaleWatcher watcher = null;
            KedaModel kedaModel = null;
            if (autoscaler.isPresent()) {
                boolean printsOwn = autoscaler.get().printDecisions(out, this::elapsed);
                watcher = new ScaleWatcher(kube.client(), scenario.namespace(), clock::now, report, out, !printsOwn,
                        this::elapsed);
                autoscaler.get().start(rest.uri(), kube.newClient(), clock.asJavaClock());
                awaitReady(autoscaler.get());
            } else {
                kedaModel = keda(clock, keda.get(), slurm, kube, kubelet, report);
                kedaModel.start(start);
            }
            try {
                drive(clock, slurm, kubelet, karpenter, replayer, report, autoscaler.isPresent());
            } finally {
                kubelet.stop();
                karpenter.stop();
                autoscaler.ifPresent(SandboxAutoscaler::stop);
                if (kedaModel != null) {
                    kedaModel.stop();
                }
                if (watcher != null) {
                    watcher.close();
                }
            }
            var summary = report.summary(slurm.jobsKilled());
            printLaunchFailureAnswers(report.launchFailureAnswers());
            if (options.summaryJson().isPresent()) {
                SandboxReport.writeJson(options.summaryJson().get(), summary);
            }
            if (options.htmlReport().isPresent()) {
                report.writeHtml(options.htmlReport().get(), summary);
            }
            return summary;
        }
    }

    /** How fast failed launches were answered (the pod that waited for the machine released). */
    private void printLaunchFailureAnswers(List<LaunchFailureReaction.Answer> answers) {
        if (answers.isEmpty()) {
            return;
        }
        double[] wall = answers.stream().mapToDouble(LaunchFailureReaction.Answer::wallSeconds).sorted().toArray();
        double[] virtual = answers.stream().mapToDouble(LaunchFailureReaction.Answer::virtualSeconds).sorted()
                .toArray();
        out.printf(java.util.Locale.ROOT, "sandbox: %d failed launch(es), then the next scale-down of a NodeSet"
                + " on that pool (the waiting pod released, or a later scale-in if a pod did not wait for it):"
                + " p50 %.1f s, max %.1f s of the autoscaler's (wall) time; p50 %.0f s, max %.0f s virtual%n",
                answers.size(), wall[wall.length / 2], wall[wall.length - 1], virtual[virtual.length / 2],
                virtual[virtual.length - 1]);
    }

    private void drive(VirtualClock clock, SimulatedSlurm slurm, SimulatedKubelet kubelet,
            SimulatedKarpenter karpenter, WorkloadReplayer replayer, SandboxReport report, boolean realTime)
            throws InterruptedException {
        Instant start = clock.now();
        Instant giveUp = start.plus(scenario.workload().lastSubmission()).plus(options.giveUpAfter());
        long realStart = System.nanoTime();
        long nextProgress = 0;
        Instant quietSince = null;
        while (true) {
            Instant target;
            if (realTime) {
                Thread.sleep(options.tick().toMillis());
                double realSeconds = (System.nanoTime() - realStart) / 1e9;
                target = start.plus(Duration.ofMillis((long) (realSeconds * options.speed() * 1000)));
            } else {
                target = clock.now().plus(options.step());
            }
            clock.advanceTo(target);
            report.assessNeeds(slurm::state); // the need this step's submissions met, for submit-to-scale
            kubelet.reconcile();
            long realMs = (System.nanoTime() - realStart) / 1_000_000;
            if (realMs >= nextProgress) {
                progress(clock, slurm, karpenter, replayer);
                nextProgress = realMs + options.progressEvery().toMillis();
            }
            boolean idle = replayer.done() && slurm.runningCount() == 0 && eligiblePending(slurm) == 0;
            quietSince = idle ? (quietSince == null ? clock.now() : quietSince) : null;
            if (quietSince != null && !clock.now().isBefore(quietSince.plus(scenario.workload().quietTail()))) {
                progress(clock, slurm, karpenter, replayer);
                out.println("sandbox: workload done and quiet tail passed");
                return;
            }
            if (clock.now().isAfter(giveUp)) {
                out.println("sandbox: giving up: jobs still pending " + options.giveUpAfter()
                        + " after the last submission");
                return;
            }
        }
    }

    /** Holds the clock (virtual time starts with the drive) until the autoscaler is up, at most a minute. */
    private void awaitReady(SandboxAutoscaler autoscaler) throws InterruptedException {
        long startedAt = System.nanoTime();
        long deadline = startedAt + 60_000_000_000L;
        while (!autoscaler.ready()) {
            if (System.nanoTime() > deadline) {
                out.println("sandbox: " + autoscaler.name() + " not ready after 60 s; starting the replay anyway");
                return;
            }
            Thread.sleep(20);
        }
        out.printf("sandbox: %s ready after %.1f s; replay starts%n", autoscaler.name(),
                (System.nanoTime() - startedAt) / 1e9);
    }

    private static int eligiblePending(SimulatedSlurm slurm) {
        return (int) slurm.state().jobs().stream().filter(j -> j.pending() && !j.request().hold()
                && !j.neverRuns()).count(); // a failed dependency, or an ended reservation: never runs
    }

    private void progress(VirtualClock clock, SimulatedSlurm slurm, SimulatedKarpenter karpenter,
            WorkloadReplayer replayer) {
        var nodes = new StringBuilder();
        var live = karpenter.nodeCounts();
        var ready = karpenter.readyCounts();
        live.forEach((pool, n) -> nodes.append(' ').append(pool).append(' ').append(ready.get(pool)).append('/')
                .append(n));
        out.printf("%s  submitted %d  pending %d  running %d  nodes(ready/launched)%s  killed %d%n",
                elapsed(clock.epochSecond()), replayer.submitted(), slurm.pendingCount(), slurm.runningCount(),
                nodes, slurm.jobsKilled());
    }

    private String elapsed(long epochSecond) {
        long s = epochSecond - scenario.start().getEpochSecond();
        return String.format("t+%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private void sampleEvery(VirtualClock clock, SimulatedSlurm slurm, SimulatedKarpenter karpenter,
            SimulatedKubelet kubelet, SandboxReport report, Instant at) {
        clock.schedule(at, () -> {
            var state = slurm.state();
            var live = karpenter.nodeCounts();
            var counts = new LinkedHashMap<String, Sample.Counts>();
            for (var ns : scenario.nodeSets()) {
                counts.put(ns.name(), DemandEstimate.of(state, ns, live.getOrDefault(ns.nodePool(), 0)));
                report.checkMultiNode(state, ns, kubelet.desiredReplicas(ns.name()));
            }
            report.sample(new Sample(clock.epochSecond(), counts));
            sampleEvery(clock, slurm, karpenter, kubelet, report, at.plus(options.sampleEvery()));
        });
    }

    private KedaModel keda(VirtualClock clock, KedaSettings settings, SimulatedSlurm slurm, SandboxKube kube,
            SimulatedKubelet kubelet, SandboxReport report) {
        Map<String, Integer> replicas = new HashMap<>();
        scenario.nodeSets().forEach(ns -> replicas.put(ns.name(), ns.replicas()));
        return new KedaModel(clock, settings, scenario.nodeSets(), partition -> pendingTasks(slurm, partition),
                new KedaModel.Replicas() {
                    @Override
                    public int get(String nodeSet) {
                        return replicas.get(nodeSet);
                    }

                    @Override
                    public void set(String nodeSet, int to, Instant at) {
                        int from = replicas.put(nodeSet, to);
                        kube.client().genericKubernetesResources(SandboxCrds.NODE_SET)
                                .inNamespace(scenario.namespace()).withName(nodeSet).scale(to);
                        report.scaled(nodeSet, from, to, at, System.nanoTime());
                        // virtual time stands still until the operator's cache has the change, as in real time it
                        // would arrive within milliseconds
                        awaitCached(kubelet, nodeSet, to);
                        out.println(elapsed(at.getEpochSecond()) + "  scale  " + nodeSet + " replicas " + from
                                + " -> " + to + "  (keda model)");
                    }
                });
    }

    private static void awaitCached(SimulatedKubelet kubelet, String nodeSet, int replicas) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && !kubelet.cachedNodeSet(nodeSet)
                .map(o -> ScaleWatcher.replicas(o) == replicas).orElse(false)) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Slurm's {@code slurm_partition_jobs_pending}: array tasks one each, held jobs included. */
    static int pendingTasks(SimulatedSlurm slurm, String partition) {
        int n = 0;
        for (var j : slurm.state().jobs()) {
            if (j.pending() && j.request().partitions().contains(partition)) {
                n += j.arrayRecord() ? j.pendingTasks().count() : 1;
            }
        }
        return n;
    }
}
