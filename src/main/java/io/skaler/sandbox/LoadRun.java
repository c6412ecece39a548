package io.skaler.sandbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.loop.CycleOutcome;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The load run of issue 8: the real skaler in the sandbox on a {@link LoadScenario} (by default 100k pending jobs,
 * 1,000 nodes, 50 partitions, 200 NodeSets), for a bounded time, then the figures: heap used after GC, cycle
 * durations against the cycle budget, Kubernetes writes per second against the client's rate limit. Run it with the
 * heap limit under test, e.g.
 * {@code java -Xmx384m -cp ... io.skaler.sandbox.LoadRun [--jobs N] [--nodes N] [--partitions N] [--nodesets N]
 * [--speed X] [--for DURATION]}; the whole sandbox (simulated Slurm and Kubernetes API included) shares that heap.
 */
public final class LoadRun {
    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        var d = LoadScenario.issue8();
        int jobs = d.pendingJobs();
        int nodes = d.nodes();
        int partitions = d.partitions();
        int nodeSets = d.nodeSets();
        double speed = 10;
        Duration runFor = Duration.ofMinutes(20);
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(v);
                case "--nodes" -> nodes = Integer.parseInt(v);
                case "--partitions" -> partitions = Integer.parseInt(v);
                case "--nodesets" -> nodeSets = Integer.parseInt(v);
                case "--speed" -> speed = Double.parseDouble(v);
                case "--for" -> runFor = Durations.parse("--for", v);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; use --jobs N --nodes N --partitions N --nodesets N --speed X --for DURATION");
                    System.exit(2);
                }
            }
            i++;
        }
        var load = new LoadScenario(jobs, nodes, partitions, nodeSets);
        Scenario scenario = load.scenario();
        var registry = new SimpleMeterRegistry();
        var skaler = new SkalerUnderLoad(scenario, registry);
        var o = SandboxRunner.Options.defaults();
        // the run ends runFor (virtual) after the last submission: the jobs run for hours, so it never drains
        var options = new SandboxRunner.Options(speed, o.tick(), o.step(), o.sampleEvery(), runFor,
                Duration.ofSeconds(10), Optional.empty(), Optional.empty());
        long started = System.nanoTime();
        try (var probe = new LoadProbe(registry, skaler)) {
            new SandboxRunner(scenario, options, System.out).run(skaler);
            report(System.out, load, skaler, probe, Duration.ofNanos(System.nanoTime() - started));
        }
        System.exit(0); // the mock API server's threads are not daemons
    }

    static void report(PrintStream out, LoadScenario load, SkalerUnderLoad skaler, LoadProbe probe, Duration wall) {
        // cycles before the policy informer delivered the policy do nothing; they would only flatter the figures
        var cycles = probe.cycles().stream().filter(c -> c.result() != CycleOutcome.Result.NO_POLICY).toList();
        var totals = new ArrayList<>(cycles.stream().map(LoadProbe.Cycle::total).sorted().toList());
        var plans = new ArrayList<>(cycles.stream().map(LoadProbe.Cycle::plan).sorted().toList());
        var fetches = new ArrayList<>(cycles.stream().map(LoadProbe.Cycle::fetch).sorted().toList());
        var applies = new ArrayList<>(cycles.stream().map(LoadProbe.Cycle::apply).sorted().toList());
        Duration budget = skaler.loop().cycleTimeout();
        Duration planBudget = skaler.loop().planBudget();
        double rate = skaler.executor().writesPerSecond();
        int burst = skaler.executor().burst();
        List<Double> perSecond = probe.writesPerSecond();
        double max1 = perSecond.stream().max(Comparator.naturalOrder()).orElse(0.0);
        double max10 = 0;
        for (int i = 0; i + 10 <= perSecond.size(); i++) {
            max10 = Math.max(max10, perSecond.subList(i, i + 10).stream().mapToDouble(Double::doubleValue).sum());
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        out.println();
        out.printf("load: %d pending jobs, %d nodes, %d partitions, %d NodeSets; %s wall; JVM %s%n",
                load.pendingJobs(), load.nodes(), load.partitions(), load.nodeSets(), wall,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.printf("heap: max used after GC %.1f MB of %.1f MB max (%d GCs)%n", mb(probe.maxHeapAfterGc()),
                mb(maxHeap), probe.gcCount());
        out.printf("cycles: %d (%s; %d not observed), duration p50 %s p99 %s max %s; budget %s: %s%n",
                cycles.size(), probe.results(), probe.missedCycles(), pct(totals, 0.50), pct(totals, 0.99),
                pct(totals, 1.0), budget, totals.isEmpty() ? "no cycle"
                        : totals.get(totals.size() - 1).compareTo(budget) <= 0 ? "within" : "EXCEEDED");
        out.printf("phases: fetch p50 %s max %s; plan p50 %s p99 %s max %s (planner budget %s); apply p50 %s max %s%n",
                pct(fetches, 0.5), pct(fetches, 1.0), pct(plans, 0.5), pct(plans, 0.99), pct(plans, 1.0), planBudget,
                pct(applies, 0.5), pct(applies, 1.0));
        cycles.forEach(c -> out.printf("  cycle %s: %s (fetch %s, plan %s, apply %s)%n", c.result(), secs(c.total()),
                secs(c.fetch()), secs(c.plan()), secs(c.apply())));
        out.printf("kube writes: %.0f in all; max %.0f in one second (limit %d burst + %.0f/s = %.0f), max %.0f in "
                + "10 s (limit %.0f); mean %.2f/s over %d s%n", probe.totalWrites(), max1, burst, rate, burst + rate,
                max10, burst + 10 * rate, perSecond.stream().mapToDouble(Double::doubleValue).sum()
                        / Math.max(1, perSecond.size()), perSecond.size());
    }

    private static String pct(List<Duration> sorted, double q) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        Duration d = sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        return String.format("%.3fs", d.toNanos() / 1e9);
    }

    private static String secs(Duration d) {
        return String.format("%.3fs", d.toNanos() / 1e9);
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
