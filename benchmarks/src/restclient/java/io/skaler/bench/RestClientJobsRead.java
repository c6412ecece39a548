package io.skaler.bench;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.PendingJob;
import io.skaler.slurm.ApiVersion;
import io.skaler.slurm.JobsParser;
import io.skaler.slurm.SlurmAnswer;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One generated {@code GET /slurm/v0.0.42/jobs} answer of N pending jobs (default 100,000: 467 MB), served by a local
 * HTTP server and read into {@link JobsParser} through either the JDK {@code HttpClient} path skaler uses
 * ({@code jdk}: {@link SlurmClient#jobs}) or the RESTEasy Reactive JAX-RS client that {@code quarkus-rest-client}
 * is built on ({@code rest}: {@code request().get(InputStream.class)}, its streaming case; {@code rest-bytes}:
 * {@code get(byte[].class)}, a typed entity, which that client reads whole before handing it out). Prints wall-clock MB/s
 * per read, the heap and direct memory in use at the peak of the reads (sampled), and the heap retained per job with
 * the answer held (as {@link JobsRetainedMemory}). One client per JVM, so the peaks are that client's. A measurement
 * harness on the benchmark class path of the {@code rest-client-bench} profile (benchmarks/README.md), not a test.
 */
public final class RestClientJobsRead {
    private static final String PATH = "/slurm/v0.0.42/jobs/";

    private RestClientJobsRead() {
    }

    /** Reads the whole answer into the parser; one implementation per client. */
    private interface Reader extends AutoCloseable {
        SlurmAnswer<PendingJob> read() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "jdk";
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path file = Files.createTempFile("skaler-jobs-", ".json");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                PendingJobsBody.write(out, jobs);
            }
            long size = Files.size(file);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    byte[] small = "{\"errors\":[],\"warnings\":[]}".getBytes();
                    if (path.equals(PATH)) {
                        exchange.getResponseHeaders().add("Content-Type", "application/json");
                        exchange.sendResponseHeaders(200, size);
                        Files.copy(file, exchange.getResponseBody());
                    } else {
                        exchange.sendResponseHeaders(path.endsWith("/ping/") ? 200 : 404, small.length);
                        exchange.getResponseBody().write(small);
                    }
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            try (Reader reader = which.equals("jdk") ? jdk(url) : rest(url, which.equals("rest-bytes"))) {
                measure(which, reader, jobs, size, rounds);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        } finally {
            server.stop(0);
            Files.deleteIfExists(file);
        }
        System.exit(0); // the HTTP server's and Vert.x's threads are not daemons
    }

    private static void measure(String which, Reader reader, int jobs, long size, int rounds) throws Exception {
        check(jobs, reader.read()); // warm-up: class loading, JIT, the client's pools
        long before = usedAfterGc();
        Peaks peaks = Peaks.start();
        SlurmAnswer<PendingJob> held = null;
        for (int round = 1; round <= rounds; round++) {
            held = null;
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            held = reader.read();
            long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
            long cpuMillis = Math.max(1, (processCpuNanos() - cpuStart) / 1_000_000);
            check(jobs, held);
            System.out.printf("%s read %d: %d jobs, %d bytes in %d ms = %.0f MB/s (wall); process CPU %d ms ="
                    + " %.0f MB per CPU-second (server, client, parser and GC threads together)%n", which, round,
                    held.items().size(), size, millis, size / 1e3 / millis, cpuMillis, size / 1e3 / cpuMillis);
        }
        peaks.stop();
        long after = usedAfterGc();
        System.out.printf("%s: peak heap used %d MB (%.0f B/job), peak direct %d MB; retained %d bytes = %.1f B/job;"
                + " max heap %d MB%n", which, peaks.heap.get() >> 20, (double) peaks.heap.get() / jobs,
                peaks.direct.get() >> 20, after - before, (double) (after - before) / jobs,
                Runtime.getRuntime().maxMemory() >> 20);
        if (held.items().isEmpty()) {
            throw new IllegalStateException("unreachable: keeps the answer alive until the retained heap is read");
        }
    }

    private static Reader jdk(URI url) {
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(url).withPinnedVersion(ApiVersion.V0_0_42)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(10)),
                TokenSource.fixed(new Token("t")), new SimpleMeterRegistry());
        return new Reader() {
            @Override
            public SlurmAnswer<PendingJob> read() throws Exception {
                return client.jobs(in -> new JobsParser().parse(in, JobsParseBenchmark.cluster()));
            }

            @Override
            public void close() {
            }
        };
    }

    /** {@code rest}: an {@code InputStream} entity; {@code rest-bytes}: a typed entity, the whole body first. */
    private static Reader rest(URI url, boolean typedEntity) {
        Client client = ClientBuilder.newBuilder().connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(10, TimeUnit.MINUTES).build();
        return new Reader() {
            @Override
            public SlurmAnswer<PendingJob> read() throws Exception {
                var request = client.target(url.resolve(PATH)).request(MediaType.APPLICATION_JSON)
                        .header("X-SLURM-USER-TOKEN", "t");
                try (InputStream in = typedEntity ? new java.io.ByteArrayInputStream(request.get(byte[].class))
                        : request.get(InputStream.class)) {
                    return new JobsParser().parse(in, JobsParseBenchmark.cluster());
                }
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private static void check(int jobs, SlurmAnswer<PendingJob> answer) {
        if (answer.items().size() != jobs) {
            throw new IllegalStateException("expected " + jobs + " pending jobs, got " + answer.items().size());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap and direct memory in use, sampled every 5 ms: the highest seen. */
    private static final class Peaks {
        final AtomicLong heap = new AtomicLong();
        final AtomicLong direct = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static Peaks start() {
            Peaks p = new Peaks();
            p.thread = new Thread(p::sample, "peak-sampler");
            p.thread.setDaemon(true);
            p.thread.start();
            return p;
        }

        private void sample() {
            var memory = ManagementFactory.getMemoryMXBean();
            var pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
            while (running.get()) {
                heap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                long d = 0;
                for (BufferPoolMXBean pool : pools) {
                    d += pool.getMemoryUsed();
                }
                direct.accumulateAndGet(d + nettyDirect(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Netty may allocate direct memory outside the JDK's buffer pools (its no-cleaner buffers); -1 when none. */
        private static long nettyDirect() {
            try {
                Object used = Class.forName("io.netty.util.internal.PlatformDependent")
                        .getMethod("usedDirectMemory").invoke(null);
                return Math.max(0, (Long) used);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return 0;
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
