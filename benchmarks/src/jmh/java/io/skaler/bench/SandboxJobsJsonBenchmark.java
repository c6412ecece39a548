package io.skaler.bench;

import io.skaler.model.Gres;
import io.skaler.policy.NodeShape;
import io.skaler.sandbox.JobRequest;
import io.skaler.sandbox.JobsDocument;
import io.skaler.sandbox.SandboxNodeSet;
import io.skaler.sandbox.SimulatedSlurm;
import io.skaler.sandbox.SlurmState;
import io.skaler.sandbox.VirtualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

/** How long the sandbox's slurmrestd takes to stream {@code /jobs} (every key of every record) for N pending jobs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SandboxJobsJsonBenchmark {
    @Param({"1000", "10000", "100000"})
    int jobs;

    SlurmState state;

    @Setup
    public void setup() {
        var clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        var shape = new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of("h100"));
        var slurm = new SimulatedSlurm(clock, List.of(new SandboxNodeSet("gpu", "gpu", shape, 4, "h100", 0)));
        for (int i = 0; i < jobs; i++) {
            slurm.submit(new JobRequest("j" + i, "alice", List.of("gpu"), 1 + i % 4, 8, 4, 100_000,
                    Gres.of("gpu:h100", 8), Gres.NONE, Gres.NONE, false, "", 0, 0, Duration.ofMinutes(10),
                    Duration.ofMinutes(20), 1, false));
        }
        clock.advanceBy(Duration.ofSeconds(2)); // one scheduling pass: reasons filled in
        state = slurm.state();
    }

    /** Bytes written, so the JIT keeps the work. */
    @Benchmark
    public long writeJobs() throws IOException {
        var counter = new CountingSink();
        JobsDocument.write(counter, state, "sandbox", Optional.empty());
        return counter.bytes;
    }

    static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
