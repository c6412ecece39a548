package io.skaler.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The timed replay of a generated history on the bundled cluster (benchmarks/README.md, "History replay"):
 * {@code java -Xmx1g -cp ... io.skaler.sandbox.HistoryReplayRun [--jobs 200000] [--days 30] [--seed 1] [--html F]}.
 * Prints the three-way table, the wall time of each replay and of the whole run, and the peak heap used.
 */
public final class HistoryReplayRun {
    private HistoryReplayRun() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = 200_000;
        int days = 30;
        long seed = 1;
        Optional<Path> html = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--html" -> html = Optional.of(Path.of(args[++i]));
                default -> {
                    System.err.println("unknown option " + args[i] + "; use --jobs N --days D --seed S --html FILE");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        var scenario = Scenario.loadDefault();
        var history = SyntheticHistory.generate(jobs, Duration.ofDays(days), Instant.parse("2026-01-05T00:00:00Z"),
                seed);
        double generated = (System.nanoTime() - t0) / 1e9;
        var comparison = new HistoryReplay(scenario, HistoryReplay.bundledPolicy(scenario),
                HistoryReplay.Options.defaults(), System.out).run(history);
        double total = (System.nanoTime() - t0) / 1e9;
        System.out.print(comparison.render());
        if (html.isPresent()) {
            ReplayHtml.write(html.get(), comparison);
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        double cpu = os.getProcessCpuTime() / 1e9;
        double mainCpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
        var heap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "history-replay: %d jobs over %d days: generated in %.1f s, whole run %.1f s"
                + " wall, CPU %.1f s (process, all threads) / %.1f s (replay thread); load average %.1f; heap allowed"
                + " %d MB, peak used (sum of pools' peaks) %d MB%n", jobs, days, generated, total, cpu, mainCpu,
                os.getSystemLoadAverage(), Runtime.getRuntime().maxMemory() >> 20, heap >> 20);
    }
}
