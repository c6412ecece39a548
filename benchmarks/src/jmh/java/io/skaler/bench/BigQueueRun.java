package io.skaler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmSnapshot;
import io.skaler.slurm.IncrementalJobs;
import io.skaler.slurm.JobStates;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * skaler's Slurm read on a big queue of the real dev Slurm, as the service runs it (default settings, a read every
 * 2 s). For each backlog size: fills the instance with distinct held jobs up to the size, reads until every job is
 * read once (the first read after a restart), then for {@code --measure} seconds submits one GPU job per second (it
 * stays pending: the GPU nodes are FUTURE) and cancels it once skaler has seen it, so one job starts and one ends
 * every second. Reports, per size: submit-to-seen latency (sbatch answered to the end of the first read whose
 * snapshot holds the job as demand), bytes read from slurmrestd per minute, slurmctld's RPC time for skaler's
 * requests ({@code /diag}), slurmrestd's RSS and skaler's heap after GC. Run as root from the project root:
 *
 * <pre>
 * SKALER_SLURM=26.05 SKALER_SLURM_PORT=7820 deploy/dev/slurm/start
 * SKALER_SLURM_PORT=7820 java -Xmx384m -cp target/classes:target/test-classes:$(cat target/benchmarks.classpath) \
 *     io.skaler.bench.BigQueueRun 10000,50000,100000 120
 * </pre>
 */
public final class BigQueueRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SKALER_RPCS = List.of("REQUEST_JOB_STATE", "REQUEST_JOB_INFO_SINGLE",
            "REQUEST_JOB_INFO", "REQUEST_NODE_INFO", "REQUEST_PARTITION_INFO");
    private static final Duration POLL = Duration.ofSeconds(2);

    private final int port = Integer.parseInt(System.getenv().getOrDefault("SKALER_SLURM_PORT", "7820"));
    private final URI url = URI.create("http://127.0.0.1:" + port);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String slurmToken;
    private final String aliceToken;
    private final SlurmClient client;
    private final String version;

    private BigQueueRun() throws Exception {
        slurmToken = RealSlurmReadBenchmark.script("token", "slurm", "36000");
        aliceToken = RealSlurmReadBenchmark.script("token", "alice", "36000");
        client = new SlurmClient(SlurmClientSettings.of(url), TokenSource.fixed(new Token(slurmToken)),
                new SimpleMeterRegistry());
        version = client.apiVersion().text();
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String s : args[0].split(",")) {
            sizes.add(Integer.parseInt(s));
        }
        int measureSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        new BigQueueRun().run(sizes, measureSeconds);
    }

    private void run(List<Integer> sizes, int measureSeconds) throws Exception {
        var reader = new SlurmReader(client, ParseLimits.DEFAULT, Duration.ofMinutes(10), Clock.systemUTC(), 1000,
                IncrementalJobs.Settings.DEFAULTS);
        System.out.printf("# %s, API %s, slurmrestd pid %d%n", url, version, slurmrestdPid());
        for (int size : sizes) {
            fill(size);
            long t0 = System.nanoTime();
            int cycles = 0;
            do {
                reader.readSnapshot();
                cycles++;
            } while (reader.jobsReadState().unread() > 0);
            System.out.printf("size=%d listed=%d first read of every job: %.0f s in %d cycles (back to back)%n", size,
                    reader.jobsReadState().listed(), (System.nanoTime() - t0) / 1e9, cycles);
            measure(reader, size, measureSeconds);
        }
    }

    private void measure(SlurmReader reader, int size, int seconds) throws Exception {
        Map<Long, Long> submittedAt = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(3);
        ExecutorService submitter = Executors.newSingleThreadExecutor();
        AtomicInteger submitted = new AtomicInteger();
        Map<String, long[]> diagBefore = diag();
        long bytesBefore = client.bytesRead();
        long rssMax = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextSubmit = start;
        int cycles = 0;
        List<Long> toCancel = new ArrayList<>();
        while (System.nanoTime() < end) {
            long cycleStart = System.nanoTime();
            while (nextSubmit <= cycleStart) {
                submitter.submit(() -> {
                    long id = submit(false, "gpu-h100");
                    submittedAt.put(id, System.nanoTime());
                    submitted.incrementAndGet();
                    return id;
                });
                nextSubmit += 1_000_000_000L;
            }
            SlurmSnapshot s = reader.readSnapshot();
            long seenAt = System.nanoTime();
            cycles++;
            for (PendingJob j : s.pendingJobs()) {
                Long at = submittedAt.remove(j.jobId());
                if (at != null && j.eligibility().demand()) {
                    latency.recordValue(Math.max(0, (seenAt - at) / 1_000_000));
                    toCancel.add(j.jobId());
                }
            }
            for (long id : toCancel) {
                cancel(id);
            }
            toCancel.clear();
            rssMax = Math.max(rssMax, rssKiB());
            long sleep = POLL.toNanos() - (System.nanoTime() - cycleStart);
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000);
            }
        }
        submitter.shutdown();
        double minutes = (System.nanoTime() - start) / 60e9;
        long bytes = client.bytesRead() - bytesBefore;
        Map<String, long[]> diagAfter = diag();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapMiB = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf("size=%d submitted=%d seen=%d unseen=%d submit-to-seen p50=%d ms p99=%d ms max=%d ms"
                        + " cycles=%d%n", size, submitted.get(), latency.getTotalCount(), submittedAt.size(),
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue(), cycles);
        System.out.printf("size=%d bytes read from slurmrestd: %.1f MB/min (%d bytes in %.1f min)%n", size,
                bytes / 1e6 / minutes, bytes, minutes);
        for (String rpc : SKALER_RPCS) {
            long[] b = diagBefore.getOrDefault(rpc, new long[2]);
            long[] a = diagAfter.getOrDefault(rpc, new long[2]);
            if (a[0] > b[0]) {
                System.out.printf("size=%d slurmctld %s: %d RPCs, %.1f ms total, %.1f ms/min%n", size, rpc, a[0] - b[0],
                        (a[1] - b[1]) / 1000.0, (a[1] - b[1]) / 1000.0 / minutes);
            }
        }
        System.out.printf("size=%d slurmrestd RSS max %d MiB; skaler heap after GC %d MiB%n", size, rssMax >> 10,
                heapMiB);
    }

    /** Submits distinct held jobs as alice (4 connections) until Slurm lists {@code size} jobs. */
    private void fill(int size) throws Exception {
        int have = client.jobStates(JobStates::read).total();
        int missing = size - have;
        if (missing <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int share = missing / 4 + (t < missing % 4 ? 1 : 0);
            done.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    submit(true, "gpu-h100");
                }
                return null;
            }));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("size=%d filled %d held jobs in %.0f s%n", size, missing, (System.nanoTime() - t0) / 1e9);
    }

    private long submit(boolean hold, String partition) throws IOException, InterruptedException {
        String body = "{\"job\":{\"name\":\"" + (hold ? "backlog" : "probe") + "\",\"partition\":\"" + partition
                + "\",\"current_working_directory\":\"/tmp\",\"environment\":[\"PATH=/usr/bin:/bin\"],"
                + "\"script\":\"#!/bin/sh\\nsleep 60\\n\",\"hold\":" + hold + ",\"tasks\":1,\"minimum_nodes\":1}}";
        var request = HttpRequest.newBuilder(url.resolve("/slurm/" + version + "/job/submit"))
                .header("X-SLURM-USER-TOKEN", aliceToken).header("X-SLURM-USER-NAME", "alice")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("submit: HTTP " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).path("job_id").asLong();
    }

    private void cancel(long id) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(url.resolve("/slurm/" + version + "/job/" + id))
                .header("X-SLURM-USER-TOKEN", slurmToken).DELETE().build();
        http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    /** slurmctld's RPC statistics by message type: count and total microseconds. */
    private Map<String, long[]> diag() throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(url.resolve("/slurm/" + version + "/diag"))
                .header("X-SLURM-USER-TOKEN", slurmToken).header("Accept", "application/json").GET().build();
        JsonNode root = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        Map<String, long[]> out = new HashMap<>();
        for (JsonNode r : root.path("statistics").path("rpcs_by_message_type")) {
            out.put(r.path("message_type").asText(), new long[] {r.path("count").asLong(), number(r.path("total_time"))});
        }
        return out;
    }

    private static long number(JsonNode n) {
        return n.isNumber() ? n.asLong() : n.path("number").asLong();
    }

    private int slurmrestdPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "slurmrestd .*127.0.0.1:" + port).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out.isEmpty() ? -1 : Integer.parseInt(out.split("\\s+")[0]);
    }

    private long rssKiB() throws IOException, InterruptedException {
        int pid = slurmrestdPid();
        if (pid < 0) {
            return 0;
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
