package io.skaler.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.slurm.ApiVersion;
import io.skaler.slurm.EligibilityContext;
import io.skaler.slurm.JobStates;
import io.skaler.slurm.JobsParser;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full {@code GET /slurm/v0.0.42/jobs} from a real slurmrestd with N pending jobs, parsed into pending jobs
 * ({@code readAndParse}), next to the same answer only drained ({@code slurmrestdOnly}: slurmrestd's time to build and
 * send it, which is most of the cost). Needs a running dev Slurm (root): {@code SKALER_SLURM_PORT=7820
 * deploy/dev/slurm/start}, then {@code SKALER_SLURM_PORT=7820 benchmarks/run.sh RealSlurmRead}. The setup cancels every
 * job of that instance and submits N two-node GPU jobs as alice through REST.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class RealSlurmReadBenchmark {

    @Param({"1000", "10000"})
    public int jobs;

    private SlurmClient client;

    /** Bytes of the answer, per read. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Bytes {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void submit() throws Exception {
        int port = Integer.parseInt(Optional.ofNullable(System.getenv("SKALER_SLURM_PORT")).orElse("7820"));
        URI url = URI.create("http://127.0.0.1:" + port);
        script("reset");
        String slurm = script("token", "slurm", "7200");
        String alice = script("token", "alice", "7200");
        client = new SlurmClient(SlurmClientSettings.of(url).withPinnedVersion(ApiVersion.V0_0_42)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(3)), fixed(slurm), new SimpleMeterRegistry());
        submitAsAlice(url, alice, jobs);
        int pending = client.jobStates(JobStates::read).count("PENDING");
        if (pending != jobs) {
            throw new IllegalStateException("expected " + jobs + " pending jobs, Slurm has " + pending);
        }
    }

    @Benchmark
    public int readAndParse(Bytes bytes) throws Exception {
        return client.jobs(in -> {
            CountingStream counted = new CountingStream(in);
            int n = new JobsParser().parse(counted, EligibilityContext.UNKNOWN).items().size();
            bytes.bytes += counted.count;
            return n;
        });
    }

    @Benchmark
    public long slurmrestdOnly(Bytes bytes) throws Exception {
        long n = client.jobs(in -> in.transferTo(OutputStream.nullOutputStream()));
        bytes.bytes += n;
        return n;
    }

    private static void submitAsAlice(URI url, String token, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = "{\"job\":{\"partition\":\"gpu-h100\",\"nodes\":\"2\",\"tres_per_node\":\"gres/gpu:h100:8\","
                + "\"current_working_directory\":\"/tmp\",\"environment\":[\"PATH=/bin:/usr/bin\"],"
                + "\"script\":\"#!/bin/sh\\nsleep 600\",\"name\":\"bench\"}}";
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/slurm/v0.0.42/job/submit"))
                .header("X-SLURM-USER-TOKEN", token).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] workers = new Future<?>[4];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("submit answered " + r.statusCode() + ": " + r.body());
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs a deploy/dev/slurm script (on SKALER_SLURM_PORT) and returns its output; shared with BigQueueRun. */
    static String script(String name, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of("deploy", "dev", "slurm", name).toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("deploy/dev/slurm/" + name + " failed (is the dev Slurm running on SKALER_SLURM_PORT?)");
        }
        return out;
    }

    private static TokenSource fixed(String token) {
        return new TokenSource() {
            @Override
            public Optional<Token> current() {
                return Optional.of(new Token(token));
            }

            @Override
            public void invalidate() {
            }

            @Override
            public Optional<String> userName() {
                return Optional.empty();
            }
        };
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
