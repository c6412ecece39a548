package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code skaler sandbox --history} on accounting of jobs that really ran on the dev Slurm
 * ({@code deploy/dev/slurm/capture-history}; the jobs are in each capture's {@code jobs.tsv}), read by the command's
 * own reader: 13 records (one per job, array task and het component that ran, one for the 10 array tasks cancelled
 * while pending), 12 jobs (the het job's two components are one), in the bundled cluster's partitions cpu, gpu-h100
 * and trn1.
 */
class SandboxHistoryCapturesTest {
    static final String CAPTURES = "src/test/resources/slurm/";

    @TempDir
    Path dir;

    final StringWriter err = new StringWriter();

    int run(String... args) {
        return SkalerCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err)).execute(args);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"real-26.05, sacct.json", "real-26.05, v0.0.45/slurmdb-jobs.json", "real-26.05, v0.0.42/slurmdb-jobs.json",
        "real-24.11, sacct.json", "real-24.11, v0.0.40/slurmdb-jobs.json"})
    void aRealHistoryReplaysThreeWaysOnTheBundledCluster(String release, String file) throws Exception {
        Path html = dir.resolve("report.html");
        int exit = run("sandbox", "--history", CAPTURES + release + "/history/" + file, "--html", html.toString());
        assertThat(err.toString()).as("no problem lines: every record is replayable").isEmpty();
        assertThat(exit).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("<p>12 jobs submitted from ");
        // the three-way table: one row per autoscaler, the GPU-node-hours, never-ran count and a wait per partition
        // any replay started a job in. The trn1 jobs were all cancelled while pending, after waiting: the static
        // cluster is sized by the peak counted at every job start (also of jobs that ran no time), so it has a trn1
        // node, and there they start before their cancel: a trn1 wait column
        assertThat(page).contains("<table id=\"cost\"><thead><tr><th>autoscaler</th><th>GPU-node-hours provisioned"
                + "</th><th>busy</th><th>idle</th><th>jobs that never ran</th><th>wait p50 / p95 cpu</th>"
                + "<th>wait p50 / p95 gpu-h100</th><th>wait p50 / p95 trn1</th></tr></thead>");
        String wait = "<td>(-|\\S+ / \\S+)</td>";
        for (String autoscaler : new String[] {"skaler", "keda", "static"}) {
            assertThat(page).containsPattern("<tr><td>" + autoscaler + "</td>(<td>\\d+\\.\\d</td>){3}<td>\\d+</td>"
                    + wait + wait + wait + "</tr>");
        }
        // the static cluster of the peak the history needed runs every job of it
        assertThat(page).containsPattern("<tr><td>static</td>(<td>\\d+\\.\\d</td>){3}<td>0</td>");
        // under skaler every job of the real history runs (the 2-node GPU job, the exclusive one, the het job)
        assertThat(page).containsPattern("<tr><td>skaler</td>(<td>\\d+\\.\\d</td>){3}<td>0</td>");
        assertThat(page).contains("data-nodeset=\"gpu-h100\"", "data-nodeset=\"trn1\"", "data-nodeset=\"cpu\"");
    }

    @Test
    void jobsOutsideYourPartitionsAreOneLineAndTheRestReplays() throws Exception {
        // the small cluster has partition cpu only: of the 12 jobs, job 1 (trn1, submitted first), the trn1 array,
        // the three gpu-h100 jobs and the het job (its cpu component cannot start without its gpu-h100 one) are
        // left out; 6 replay
        Path html = dir.resolve("mine.html");
        int exit = run("sandbox", "--history", CAPTURES + "real-26.05/history/v0.0.44/slurmdb-jobs.json",
                "--cluster", "src/test/resources/sandbox/small-cluster.yaml", "--policy",
                "src/test/resources/sandbox/small-policy.yaml", "--html", html.toString());
        assertThat(err.toString().lines().toList()).containsExactly("sandbox: history: 6 job records: partition not "
                + "in the cluster (it has cpu) (first: job 1 in trn1); not replayed");
        assertThat(exit).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("<p>6 jobs submitted from ", "<th>wait p50 / p95 cpu</th></tr>")
                .doesNotContain("wait p50 / p95 gpu-h100");
    }

    @Test
    void brokenRecordsOfARealExportAreCountedByKindAndTheRestReplays() throws Exception {
        var mapper = new ObjectMapper();
        var export = (ObjectNode) mapper.readTree(Path.of(CAPTURES + "real-24.11/history/sacct.json").toFile());
        var jobs = export.withArray("jobs");
        ((ObjectNode) jobs.get(2).path("time")).remove("submission");
        ((ObjectNode) jobs.get(5).path("time")).remove("submission");
        ((ObjectNode) jobs.get(7)).put("partition", "");
        String first = jobs.get(2).path("job_id").asText();
        String noPartition = jobs.get(7).path("job_id").asText();
        Path file = dir.resolve("sacct.json");
        mapper.writeValue(file.toFile(), export);

        int exit = run("sandbox", "--history", file.toString(), "--html", dir.resolve("r.html").toString());
        assertThat(err.toString().lines().toList()).containsExactly(
                "sandbox: history: 2 job records: time.submission missing (first: job " + first + "); not replayed",
                "sandbox: history: 1 job record: partition missing (first: job " + noPartition + "); not replayed");
        assertThat(exit).isZero();
        assertThat(Files.readString(dir.resolve("r.html"))).contains("<p>9 jobs submitted from ");
    }

    @Test
    void aFileThatIsNotAccountingIsOneLineNamingIt() throws Exception {
        Path file = dir.resolve("squeue.json");
        Files.writeString(file, "[{\"job_id\": 1}]");
        assertThat(run("sandbox", "--history", file.toString(), "--html", dir.resolve("r.html").toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(file + ": not a JSON object; expected Slurm accounting as "
                + "sacct --json or GET /slurmdb/v0.0.4x/jobs writes it: a JSON object with a \"jobs\" list");
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
        assertThat(run("sandbox", "--history", "no-such-sacct.json", "--html", dir.resolve("r.html").toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("no-such-sacct.json: no such file");
    }
}
