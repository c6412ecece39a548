package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs that really ran on a real Slurm with accounting (MariaDB + slurmdbd, a second dev instance started with
 * {@code start --accounting}) come back through {@link HistoryFile} from both exports a user has: {@code sacct
 * --json} and slurmrestd's {@code GET /slurmdb/<version>/jobs} in every version the release serves.
 */
@ExtendWith(RealSlurmExtension.class)
class HistoryFileRealSlurmTest {
    private static final DateTimeFormatter SLURM_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static RealSlurm accounting;

    @BeforeEach
    void accountingInstance(RealSlurm shared) {
        if (accounting == null) {
            accounting = RealSlurm.startWithAccounting(shared.release());
        }
    }

    @AfterAll
    static void stop() {
        if (accounting != null) {
            accounting.close();
            accounting = null;
        }
    }

    @Test
    void jobsThatRanComeBackFromSacctAndEverySlurmdbVersion() throws Exception {
        RealSlurm slurm = accounting;
        Instant since = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        slurm.nodeUp(RealSlurm.gpuNode(0));
        slurm.nodeUp(RealSlurm.gpuNode(1));
        long pending = slurm.sbatch("alice", "-p", "trn1", "--mem=1000", "-t", "10", "--wrap", "sleep 5");
        long plain = slurm.sbatch("alice", "-p", "cpu", "-c", "1", "--mem=100", "-t", "5", "--wrap", "sleep 1");
        long array = slurm.sbatch("bob", "-p", "cpu", "--array=0-1", "--mem=100", "-t", "5", "--wrap", "true");
        long gpu = slurm.sbatch("alice", "-p", "gpu-h100", "-N", "2", "--gres=gpu:h100:8", "--mem=64000", "-t", "5",
                "--wrap", "true");
        long exclusive = slurm.sbatch("alice", "-p", "gpu-h100", "--exclusive", "--mem=1000", "-t", "5", "--wrap",
                "true");
        long perCpu = slurm.sbatch("bob", "-p", "gpu-h100", "-C", "h100", "-n", "2", "--mem-per-cpu=500", "--gpus=2",
                "-t", "5", "--wrap", "true");
        long fails = slurm.sbatch("alice", "-p", "cpu", "--mem=100", "-t", "5", "--wrap", "exit 3");
        slurm.inChroot("scancel", Long.toString(pending));
        int expected = 8; // the array's two tasks are two records
        awaitAccounting(slurm, since, expected);

        String sacct = slurm.inChroot("sacct", "--json", "-a", "-S", SLURM_TIME.format(since), "-E", "now");
        Map<String, String> exports = new LinkedHashMap<>();
        exports.put("sacct --json", sacct);
        for (var version : slurm.apiVersions()) {
            exports.put("/slurmdb/" + version.text() + "/jobs", slurmdbJobs(slurm, version.text(), since));
        }
        for (var export : exports.entrySet()) {
            History history = HistoryFile.read(new ByteArrayInputStream(export.getValue()
                    .getBytes(StandardCharsets.UTF_8)));
            Map<String, HistoryJob> byId = history.jobs().stream()
                    .collect(Collectors.toMap(HistoryJob::id, Function.identity()));
            String from = export.getKey() + ": ";

            assertThat(history.problemLines()).as(from + "problems").isEmpty();
            assertThat(byId.keySet()).as(from + "ids").containsExactlyInAnyOrder(id(pending), id(plain),
                    array + "_0", array + "_1", id(gpu), id(exclusive), id(perCpu), id(fails));
            assertThat(byId.values()).as(from + "submit times").allSatisfy(j ->
                    assertThat(j.submitted()).isAfterOrEqualTo(since).isBeforeOrEqualTo(Instant.now()));

            HistoryJob p = byId.get(id(pending));
            assertThat(p.cancelledWhilePendingAt()).as(from + "cancelled while pending").isPresent();
            assertThat(p.request().partitions()).containsExactly("trn1");
            assertThat(p.request().memoryPerNodeMB()).isEqualTo(1000);

            HistoryJob plainJob = byId.get(id(plain));
            assertThat(plainJob.cancelledWhilePendingAt()).isEmpty();
            assertThat(plainJob.request().runtime()).as(from + "elapsed").isBetween(Duration.ofSeconds(1),
                    Duration.ofMinutes(5));
            assertThat(plainJob.request().timeLimit()).isEqualTo(Duration.ofMinutes(5));
            assertThat(plainJob.request().user()).isEqualTo("alice");

            HistoryJob g = byId.get(id(gpu));
            assertThat(g.cancelledWhilePendingAt()).as(from + "the GPU job ran").isEmpty();
            assertThat(g.request().partitions()).containsExactly("gpu-h100");
            assertThat(g.request().nodes()).isEqualTo(2);
            assertThat(g.request().memoryPerNodeMB()).isEqualTo(64000);
            assertThat(g.request().gresNeededPerNode()).isEqualTo(Gres.of("gpu:h100", 8));

            assertThat(byId.get(id(perCpu)).request().features()).isEqualTo("h100");
            assertThat(byId.get(id(perCpu)).request().cpusPerNode(96)).isEqualTo(2);
            assertThat(byId.get(id(perCpu)).request().memoryPerNodeMB()).isEqualTo(1000);
            assertThat(byId.get(id(perCpu)).request().gresNeededPerNode().total("gpu")).isEqualTo(2);
            assertThat(byId.get(id(exclusive)).request().exclusive()).as(from + "exclusive").isTrue();
            assertThat(byId.get(id(plain)).request().exclusive()).isFalse();
            assertThat(byId.get(id(fails)).cancelledWhilePendingAt()).as(from + "failed, but it ran").isEmpty();
        }
    }

    private static String id(long job) {
        return Long.toString(job);
    }

    /** Waits (generously: a loaded machine) until accounting has {@code count} records, none queued or running. */
    private static void awaitAccounting(RealSlurm slurm, Instant since, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        String states = "";
        while (System.nanoTime() < deadline) {
            states = slurm.inChroot("sacct", "-a", "-n", "-X", "-P", "-S", SLURM_TIME.format(since), "-o",
                    "JobID,State");
            long finished = states.lines().filter(l -> !l.matches(".*(PENDING|RUNNING|COMPLETING|REQUEUED).*"))
                    .count();
            if (states.lines().count() == count && finished == count && slurm.inChroot("squeue", "-h").isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("accounting did not hold " + count + " finished jobs within 4 minutes: " + states);
    }

    private static String slurmdbJobs(RealSlurm slurm, String version, Instant since) throws Exception {
        // a Slurm time string with %-encoded colons: v0.0.40/41 refuse epoch numbers in time parameters
        String start = SLURM_TIME.format(since).replace(":", "%3A");
        HttpRequest request = HttpRequest.newBuilder(URI.create(slurm.baseUrl() + "/slurmdb/" + version
                        + "/jobs/?start_time=" + start))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("X-SLURM-USER-TOKEN", slurm.slurmUserToken())
                .GET().build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /slurmdb/%s/jobs: %s", version, response.body()).isEqualTo(200);
        return response.body();
    }
}
