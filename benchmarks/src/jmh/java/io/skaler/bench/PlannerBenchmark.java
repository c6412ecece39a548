package io.skaler.bench;

import io.skaler.model.Plan;
import io.skaler.planner.PlanBudget;
import io.skaler.planner.Planner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The planner on the ladder of the issue: 1k / 10k / 100k pending jobs in at most 1,000 classes over 1,000 existing
 * nodes and 20 partitions (targets p99 5 / 20 / 100 ms), the naive per-job first-fit on the same inputs, and the
 * worst case of 100k all-distinct jobs under an 800 ms budget (target 1 s, a partial plan).
 * Run: {@code java -cp ... org.openjdk.jmh.Main PlannerBenchmark -f 1 -wi 2 -i 3} (see benchmarks/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PlannerBenchmark {
    @Param({"1000", "10000", "100000"})
    public int jobs;

    private PlannerWorkload workload;
    private PlannerWorkload distinct;

    @Setup
    public void setUp() {
        workload = PlannerWorkload.generate(jobs, PlannerWorkload.classesFor(jobs), false, 42);
        distinct = jobs == 100_000 ? PlannerWorkload.generate(jobs, jobs, true, 42) : null;
    }

    @Benchmark
    public Plan classPacker() {
        return Planner.plan(workload.snapshot, workload.policy, PlannerWorkload.NOW);
    }

    @Benchmark
    public long naiveFirstFit() {
        return NaiveFirstFit.newNodes(workload);
    }

    /** 100k all-distinct jobs with a budget: the planner must return (partial if need be) within ~1 s. */
    @Benchmark
    public Plan worstCaseAllDistinctWithBudget() {
        PlannerWorkload w = distinct != null ? distinct : workload;
        return Planner.plan(w.snapshot, w.policy, PlannerWorkload.NOW,
                PlanBudget.of(Duration.ofMillis(800), System::nanoTime));
    }
}
