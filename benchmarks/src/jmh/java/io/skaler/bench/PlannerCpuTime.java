package io.skaler.bench;

import io.skaler.model.Plan;
import io.skaler.planner.PlanBudget;
import io.skaler.planner.Planner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;

/**
 * The planner's own CPU time (ThreadMXBean) beside its wall time, for the shared machine where wall-clock
 * percentiles measure the load and GC pauses more than the planner. Not a JMH benchmark: a plain loop on the same
 * {@link PlannerWorkload} inputs. Run: {@code java -cp ... io.skaler.bench.PlannerCpuTime JOBS RUNS [distinct BUDGET_MS]}.
 */
public final class PlannerCpuTime {
    private PlannerCpuTime() {
    }

    public static void main(String[] args) {
        int jobs = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        boolean distinct = args.length > 2 && args[2].equals("distinct");
        long budgetMs = args.length > 3 ? Long.parseLong(args[3]) : 0;
        PlannerWorkload w = PlannerWorkload.generate(jobs, distinct ? jobs : PlannerWorkload.classesFor(jobs),
                distinct, 42);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < Math.max(1, runs / 4); i++) { // warm-up
            plan(w, budgetMs);
        }
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        int partial = 0;
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            partial += plan(w, budgetMs).partial() ? 1 : 0;
            wall[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        System.out.printf("jobs=%d distinct=%s budget=%s runs=%d partial=%d%n", jobs, distinct,
                budgetMs > 0 ? budgetMs + "ms" : "none", runs, partial);
        System.out.println("wall ms " + summary(wall));
        System.out.println("cpu  ms " + summary(cpu));
    }

    private static Plan plan(PlannerWorkload w, long budgetMs) {
        return budgetMs > 0
                ? Planner.plan(w.snapshot, w.policy, PlannerWorkload.NOW,
                        PlanBudget.of(Duration.ofMillis(budgetMs), System::nanoTime))
                : Planner.plan(w.snapshot, w.policy, PlannerWorkload.NOW);
    }

    private static String summary(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("min %.2f p50 %.2f p99 %.2f max %.2f", s[0] / 1e6, s[s.length / 2] / 1e6,
                s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6, s[s.length - 1] / 1e6);
    }
}
