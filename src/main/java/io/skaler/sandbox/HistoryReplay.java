package io.skaler.sandbox;

import io.skaler.loop.LoopSettings;
import io.skaler.policy.Policy;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sandbox --history}: a job history replayed three times on a fresh {@link ReplayCluster} each, all in
 * virtual time: under skaler ({@link VirtualSkaler}: its real planner, cycle by cycle), under the documented KEDA
 * set-up ({@link KedaModel}), and on a static cluster. Every job is submitted at its own submit time (relative to the
 * window's start), with its request, runs its real elapsed time, and a job cancelled while pending is cancelled at
 * that moment. A run ends when its queue is empty and {@code quietTail} has passed (room for scale-in), or
 * {@code giveUpAfter} past the window's end.
 */
public final class HistoryReplay {
    /**
     * @param staticNodes per NodeSet, the static cluster's size; a NodeSet not named gets the peak the history needed
     *                    (see {@link #peakNeeded})
     * @param speed       virtual seconds per real second to pace the replay at; 0 as fast as the machine goes
     */
    public record Options(Optional<Instant> from, Optional<Instant> to, Map<String, Integer> staticNodes,
            double speed, Duration sampleEvery, Duration quietTail, Duration giveUpAfter, KedaSettings keda,
            LoopSettings loop) {
        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), Map.of(), 0, Duration.ofMinutes(1),
                    Duration.ofMinutes(30), Duration.ofDays(1), KedaSettings.documented(), LoopSettings.defaults());
        }

        public Options window(Optional<Instant> from, Optional<Instant> to) {
            return new Options(from, to, staticNodes, speed, sampleEvery, quietTail, giveUpAfter, keda, loop);
        }

        public Options withStatic(Map<String, Integer> nodes) {
            return new Options(from, to, nodes, speed, sampleEvery, quietTail, giveUpAfter, keda, loop);
        }

        public Options withSpeed(double virtualPerReal) {
            return new Options(from, to, staticNodes, virtualPerReal, sampleEvery, quietTail, giveUpAfter, keda, loop);
        }
    }

    private final Scenario scenario;
    private final Policy policy;
    private final Options options;
    private final PrintStream out;

    /** @param policyText the policy skaler runs with (the user's, or {@link SandboxPolicy} for the bundled cluster) */
    public HistoryReplay(Scenario scenario, String policyText, Options options, PrintStream out) {
        this.scenario = scenario;
        this.policy = VirtualSkaler.parse(policyText);
        this.options = options;
        this.out = out;
    }

    /** The bundled cluster's policy: SandboxPolicy's, as {@code sandbox} runs skaler with. */
    public static String bundledPolicy(Scenario scenario) {
        return SandboxPolicy.yaml(scenario, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(20));
    }

    public ReplayComparison run(List<HistoryJob> history) {
        List<HistoryJob> jobs = window(history);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("history: no job submitted within the window");
        }
        Instant start = options.from().orElse(jobs.get(0).submitted().truncatedTo(ChronoUnit.MINUTES));
        Instant end = options.to().orElse(jobs.get(jobs.size() - 1).submitted());
        out.printf("replay: %d job(s) from %s to %s%n", jobs.size(), start, end);
        Map<String, Integer> sizes = staticSizes(jobs, start, end);
        List<ReplayResult> results = new ArrayList<>();
        var skaler = new VirtualSkaler(policy, options.loop());
        results.add(replay("skaler", jobs, start, end, skaler::start, false, Map.of()));
        out.printf(java.util.Locale.ROOT, "replay skaler: %d planning cycles, planner %.1f s in all%n",
                skaler.cycles(), skaler.planTime().toMillis() / 1000.0);
        results.add(replay("keda", jobs, start, end, cluster -> keda(cluster).start(start), false, Map.of()));
        results.add(replay("static", jobs, start, end, cluster -> { }, true, sizes));
        return new ReplayComparison(start, end, jobs.size(), sizes, results);
    }

    /** The jobs submitted within [from, to), in submit order. */
    List<HistoryJob> window(List<HistoryJob> history) {
        return history.stream()
                .filter(j -> options.from().map(f -> !j.submitted().isBefore(f)).orElse(true))
                .filter(j -> options.to().map(t -> j.submitted().isBefore(t)).orElse(true))
                .sorted(Comparator.comparing(HistoryJob::submitted).thenComparing(HistoryJob::id))
                .toList();
    }

    /**
     * The static cluster: the size named per NodeSet, else the peak the history needed there: the most nodes busy
     * at once when every NodeSet has all its nodes up from the start (no job waits for capacity).
     */
    private Map<String, Integer> staticSizes(List<HistoryJob> jobs, Instant start, Instant end) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        boolean allNamed = scenario.nodeSets().stream().allMatch(ns -> options.staticNodes().containsKey(ns.name()));
        Map<String, Integer> peak = allNamed ? Map.of() : peakNeeded(jobs, start, end);
        for (var ns : scenario.nodeSets()) {
            sizes.put(ns.name(), Math.min(ns.maxNodes(), options.staticNodes().getOrDefault(ns.name(),
                    peak.getOrDefault(ns.name(), 0))));
        }
        return sizes;
    }

    Map<String, Integer> peakNeeded(List<HistoryJob> jobs, Instant start, Instant end) {
        Map<String, Integer> all = new HashMap<>();
        scenario.nodeSets().forEach(ns -> all.put(ns.name(), ns.maxNodes()));
        var full = replay("full", jobs, start, end, cluster -> { }, true, all);
        Map<String, Integer> peak = new LinkedHashMap<>();
        full.stats().series().forEach((ns, s) -> {
            int max = 0;
            for (int i = 0; i < full.stats().samples(); i++) {
                max = Math.max(max, s.busy[i]);
            }
            String partition = scenario.nodeSets().stream().filter(x -> x.name().equals(ns)).findFirst()
                    .map(SandboxNodeSet::partition).orElse("");
            peak.put(ns, Math.max(max, full.stats().peakBusy(partition)));
        });
        return peak;
    }

    private ReplayResult replay(String name, List<HistoryJob> jobs, Instant start, Instant end,
            java.util.function.Consumer<ReplayCluster> controller, boolean isStatic, Map<String, Integer> sizes) {
        long wallStart = System.nanoTime();
        var cluster = new ReplayCluster(scenario, start, isStatic);
        var stats = new ReplayStats(options.sampleEvery());
        cluster.slurm.addListener(stats);
        cluster.addListener(stats);
        cluster.startWith(sizes);
        var submissions = new HistorySubmissions(cluster.slurm, jobs);
        submissions.scheduleFirst();
        controller.accept(cluster);
        Instant giveUp = end.plus(options.giveUpAfter());
        Instant quietSince = null;
        Instant now = start;
        cluster.clock.advanceTo(start); // what happens at the start is in the first sample
        while (true) {
            stats.sample(cluster);
            now = now.plus(options.sampleEvery());
            cluster.clock.advanceTo(now);
            pace(start, now, wallStart);
            boolean idle = submissions.done() && cluster.slurm.runningCount() == 0 && eligiblePending(cluster) == 0;
            quietSince = idle ? (quietSince == null ? now : quietSince) : null;
            if (quietSince != null && !now.isBefore(quietSince.plus(options.quietTail()))) {
                break;
            }
            if (now.isAfter(giveUp)) {
                out.printf("replay %s: giving up %s after the window's end with jobs still queued%n", name,
                        options.giveUpAfter());
                break;
            }
        }
        int neverRan = eligiblePending(cluster) + submissions.rejected();
        double wall = (System.nanoTime() - wallStart) / 1e9;
        if (!name.equals("full")) {
            out.printf(java.util.Locale.ROOT, "replay %s: %d started, %d never ran, %d cancelled while pending,"
                    + " %d scale changes, until %s (%.1f s)%n", name, stats.started(), neverRan,
                    submissions.cancelled(), stats.decisions().size(), now, wall);
        }
        return new ReplayResult(name, stats, neverRan, submissions.rejected(), submissions.cancelled(), now, wall);
    }

    private void pace(Instant start, Instant now, long wallStart) {
        if (options.speed() <= 0) {
            return;
        }
        long dueNanos = (long) (Duration.between(start, now).toNanos() / options.speed());
        long ahead = dueNanos - (System.nanoTime() - wallStart);
        if (ahead > 1_000_000) {
            try {
                Thread.sleep(ahead / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int eligiblePending(ReplayCluster cluster) {
        int n = 0;
        for (var j : cluster.slurm.state().jobs()) {
            n += j.pending() && !j.request().hold() ? 1 : 0;
        }
        return n;
    }

    private KedaModel keda(ReplayCluster cluster) {
        return new KedaModel(cluster.clock, options.keda(), scenario.nodeSets(),
                partition -> SandboxRunner.pendingTasks(cluster.slurm, partition), new KedaModel.Replicas() {
                    @Override
                    public int get(String nodeSet) {
                        return cluster.nodeSet(nodeSet).replicas;
                    }

                    @Override
                    public void set(String nodeSet, int to, Instant at) {
                        cluster.setReplicas(nodeSet, to, "KEDA/HPA: ceil(pending / " + options.keda().threshold()
                                + "), bounded by the HPA's growth and stabilization");
                    }
                });
    }
}
