package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skaler.sandbox.RealSlurmLoad.Rpcs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Samples what a {@code --slurm-url} run costs: skaler's bytes read (its own client's count), the instance's
 * slurmrestd resident memory ({@code ps}, the process serving the run's port only), slurmctld's RPC statistics
 * ({@code /diag}) at the workload's start and end, and the JVM's heap in use.
 */
final class DevSlurmLoad {
    /** The RPCs a reader of the queue makes slurmctld answer. */
    static final List<String> READ_RPCS = List.of("REQUEST_JOB_INFO", "REQUEST_JOB_STATE", "REQUEST_JOB_INFO_SINGLE",
            "REQUEST_NODE_INFO", "REQUEST_PARTITION_INFO");

    private final int port;
    private final DevSlurmJobs slurm;
    private final String skalerUser;
    private final LongSupplier skalerBytes;
    private long startNanos;
    private long bytesAtStart;
    private JsonNode diagAtStart;
    private long rssStart;
    private long rssMax;
    private long heapMax;

    DevSlurmLoad(int port, DevSlurmJobs slurm, String skalerToken, LongSupplier skalerBytes) {
        this.port = port;
        this.slurm = slurm;
        this.skalerUser = tokenUser(skalerToken);
        this.skalerBytes = skalerBytes;
    }

    /** At the workload's first submission. */
    void start() throws IOException, InterruptedException {
        startNanos = System.nanoTime();
        bytesAtStart = skalerBytes.getAsLong();
        diagAtStart = slurm.diag();
        rssStart = slurmrestdRssKiB();
        rssMax = rssStart;
        sample();
    }

    /** Once per tick of the run. */
    void sample() {
        rssMax = Math.max(rssMax, slurmrestdRssKiB());
        var rt = Runtime.getRuntime();
        heapMax = Math.max(heapMax, rt.totalMemory() - rt.freeMemory());
    }

    RealSlurmLoad end(DevSlurmBacklog.Filled backlog, double backlogReadSeconds) throws IOException, InterruptedException {
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long bytes = skalerBytes.getAsLong() - bytesAtStart;
        var diag = slurm.diag();
        var byType = new LinkedHashMap<String, Rpcs>();
        for (String type : READ_RPCS) {
            byType.put(type, rpcs(diag, "rpcs_by_message_type", "message_type", type)
                    .minus(rpcs(diagAtStart, "rpcs_by_message_type", "message_type", type)));
        }
        var user = rpcs(diag, "rpcs_by_user", "user", skalerUser)
                .minus(rpcs(diagAtStart, "rpcs_by_user", "user", skalerUser));
        return new RealSlurmLoad(backlog.jobs(), round(backlog.seconds()), round(backlog.perSecond()),
                round(backlogReadSeconds), 0, round(seconds), bytes, seconds <= 0 ? 0 : Math.round(bytes * 60 / seconds),
                mib(rssStart), mib(rssMax), mib(slurmrestdRssKiB()), round(heapMax / 1048576.0), skalerUser, user,
                java.util.Collections.unmodifiableMap(byType));
    }

    static Rpcs rpcs(JsonNode statistics, String list, String key, String name) {
        for (JsonNode r : statistics.path(list)) {
            if (r.path(key).asText().equals(name)) {
                return new Rpcs(r.path("count").asLong(), r.path("total_time").asLong());
            }
        }
        return new Rpcs(0, 0);
    }

    /** The {@code sun} claim of a Slurm JWT (the user it authenticates), or {@code unknown}. */
    static String tokenUser(String jwt) {
        try {
            String payload = jwt.split("\\.")[1];
            var claims = new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(payload),
                    StandardCharsets.UTF_8));
            return claims.path("sun").asText("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Resident KiB of the slurmrestd that serves this instance's port (0 when not found). */
    private long slurmrestdRssKiB() {
        try {
            var p = new ProcessBuilder("ps", "-o", "rss=,args=", "-C", "slurmrestd").redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            long kib = 0;
            for (String line : text.lines().toList()) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 1 && f[f.length - 1].endsWith(":" + port)) {
                    kib += Long.parseLong(f[0]);
                }
            }
            return kib;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static double mib(long kib) {
        return round(kib / 1024.0);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
