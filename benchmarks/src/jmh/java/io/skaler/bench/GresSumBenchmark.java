package io.skaler.bench;

import io.skaler.model.Gres;
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
 * Summing the GPU requests of N pending jobs with {@link Gres#plus}: the smallest real piece of demand accounting,
 * here so benchmarks/run.sh has something to run until the planner's benchmarks replace it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class GresSumBenchmark {

    @Param({"100", "10000"})
    public int jobs;

    private Gres[] requests;

    @Setup
    public void makeRequests() {
        requests = new Gres[jobs];
        for (int i = 0; i < jobs; i++) {
            requests[i] = Gres.of(i % 3 == 0 ? "gpu:h100" : "gpu", 1 + i % 8);
        }
    }

    @Benchmark
    public long totalGpus() {
        Gres sum = Gres.NONE;
        for (Gres request : requests) {
            sum = sum.plus(request);
        }
        return sum.total("gpu");
    }
}
