package io.skaler.bench;

import io.skaler.model.Gres;
import io.skaler.model.NodeState;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;
import io.skaler.slurm.BadAnswerException;
import io.skaler.slurm.EligibilityContext;
import io.skaler.slurm.JobsParser;

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

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Parse throughput of compact v0.0.42 {@code /jobs} answers of 1k, 10k and 100k pending jobs (~4.6 KB each), the
 * whole path: streaming read, demand fields, eligibility, interning. MB/s = body bytes (printed at setup) / time per
 * op. Floor: 250 MB/s on the 2-core build machine. The 100k body is ~470 MB, hence the 2 GB heap of this fork; the
 * 512 MB claim is made by {@link JobsRetainedMemory}, which parses from a file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class JobsParseBenchmark {
    @Param({"1000", "10000", "100000"})
    public int jobs;

    private byte[] body;
    private EligibilityContext ctx;
    private JobsParser parser;

    @Setup
    public void generate() {
        body = PendingJobsBody.bytes(jobs);
        ctx = cluster();
        parser = new JobsParser();
        System.err.printf("%n[JobsParseBenchmark] %d jobs: body %d bytes (%.0f B/job)%n", jobs, body.length,
                (double) body.length / jobs);
    }

    @Benchmark
    public int parse() throws BadAnswerException {
        return parser.parse(body, ctx).items().size();
    }

    static EligibilityContext cluster() {
        var node = new SlurmNode("gpu-h100-0", new NodeState("IDLE", Set.of("DYNAMIC_NORM")), List.of("gpu-h100"),
                List.of("h100"), 96, 0, 1_000_000, 0, Gres.of("gpu:h100", 8), Gres.NONE, "", "", 0, 0, "");
        return EligibilityContext.of(List.of(node), List.of(
                new SlurmPartition("gpu-h100", List.of("gpu-h100"), "gpu-h100", 16, 0, 0, List.of("UP")),
                new SlurmPartition("gpu-a100", List.of("gpu-a100"), "gpu-a100", 8, 0, 0, List.of("UP")),
                new SlurmPartition("trn1", List.of("trn1"), "trn1", 8, 0, 0, List.of("UP")),
                new SlurmPartition("cpu", List.of(), "cpu-0", 1, 0, 0, List.of("UP"))));
    }
}
