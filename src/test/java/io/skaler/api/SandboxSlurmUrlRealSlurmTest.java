package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skaler.sandbox.DevSlurmScripts;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skaler sandbox --slurm-url URL --slurm-token-file FILE} end to end on the real Slurm (24.11 or 26.05): the command's
 * own code path (options, checks, the run) with the bundled dev-Slurm scenario (a 2-node H100 job and a 4-task array
 * of 2 GPUs each). Slurm itself is audited afterwards with scontrol, apart from what the run reports.
 */
@ExtendWith(RealSlurmExtension.class)
class SandboxSlurmUrlRealSlurmTest {
    private static final String GPU_POD = RealSlurm.GPU_NODESET; // pods slurm-worker-gpu-h100-<n>
    private static final String GPU_NODE = RealSlurm.GPU_HOSTNAME; // their Slurm nodes gpu-h100-<n>
    private static final Pattern JOB_STATE = Pattern.compile("\\bJobState=(\\S+)");
    private static final Pattern RESTARTS = Pattern.compile("\\bRestarts=(\\d+)");

    @Test
    void scalesUpRunsTheJobsOnRealSlurmdAndScalesInThroughTheDrainPath(RealSlurm slurm, @TempDir Path dir)
            throws Exception {
        Path token = Files.writeString(dir.resolve("slurm.jwt"), slurm.slurmUserToken());
        Path json = dir.resolve("summary.json");
        var printed = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new Tee(stdout, printed), true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.runOffline(new String[] {"sandbox", "--slurm-url", slurm.baseUrl().toString(),
                "--slurm-token-file", token.toString(), "--summary-json", json.toString(), "--backlog", "300",
                "--html", dir.resolve("report.html").toString(),
                "--dev-slurm", DevSlurmScripts.defaultDir().toString()}, System.out, new PrintStream(err));
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as("exit status; stderr: %s", err).isZero();
        assertThat(out).contains("every job finished and every node scaled in").contains("(scale up)")
                .contains("(scale down)");

        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.path("jobsRun").asLong()).as("the 2-node job and 4 array tasks").isEqualTo(5);
        assertThat(summary.path("jobsKilled").asLong()).isZero();
        assertThat(summary.path("scaleUps").asLong()).isPositive();
        assertThat(summary.path("scaleDowns").asLong()).isPositive();
        assertThat(summary.path("firstScaleUpJobs").asLong()).as("submissions answered by a scale-up").isPositive();
        // submit-to-scale is measured as on the simulated Slurm: both submissions (the 2-node job and the array)
        // are owed nodes when they arrive, and the answer reaches the need read from Slurm
        assertThat(summary.path("submitToScaleJobs").asLong()).as("submit-to-scale measured").isPositive();
        assertThat(summary.path("submitToScaleUnanswered").asLong()).isZero();
        JsonNode load = summary.path("realSlurm");
        assertThat(load.path("backlogJobs").asInt()).isEqualTo(300);
        // the workload went in only once skaler had read the backlog, so it is timed on a queue skaler keeps current
        assertThat(load.path("backlogReadSeconds").asDouble()).isPositive();
        assertThat(out).contains("skaler read the backlog of 300 jobs");
        assertThat(load.path("skalerBytesRead").asLong()).as("skaler's reads during the workload").isPositive();
        assertThat(load.path("slurmrestdRssMaxMiB").asDouble()).isPositive();
        assertThat(load.path("skalerSlurmUser").asText()).isEqualTo("slurm");
        assertThat(load.path("skalerUserRpcs").path("count").asLong()).as("slurmctld's RPCs for skaler").isPositive();
        assertThat(load.path("rpcsByType").has("REQUEST_NODE_INFO")).isTrue();
        assertThat(out).contains("backlog of 300 held jobs submitted").contains("backlog cancelled");

        // the backlog: 300 distinct records, none left pending
        List<String> all = slurm.scontrol("-o", "show", "job").lines().filter(l -> l.startsWith("JobId=")).toList();
        List<String> backlog = all.stream().filter(l -> l.contains(" JobName=skaler-backlog ")).toList();
        assertThat(backlog).hasSize(300).allSatisfy(l -> assertThat(l).contains("JobState=CANCELLED")
                .doesNotContain("ArrayJobId="));

        // Slurm's own account: every record COMPLETED, none restarted, cancelled or failed by a node
        List<String> jobs = all.stream().filter(l -> !backlog.contains(l)).toList();
        assertThat(jobs).hasSize(5).allSatisfy(line -> {
            var state = JOB_STATE.matcher(line);
            var restarts = RESTARTS.matcher(line);
            assertThat(state.find() && restarts.find()).as(line).isTrue();
            assertThat(state.group(1)).as(line).isEqualTo("COMPLETED");
            assertThat(restarts.group(1)).as(line).isEqualTo("0");
        });
        // the 2-node job and the array need 3 nodes; each started, then drained and returned to FUTURE; the pods
        // are named as Slinky names them, apart from their Slurm nodes, so skaler's pod-to-node mapping is exercised
        assertThat(out.lines().filter(l -> l.matches(".*  node " + GPU_NODE + "\\d+ up .*"))).hasSize(3);
        assertThat(out.lines().filter(l -> l.matches(".*  node " + GPU_NODE + "\\d+ down .*pod " + GPU_POD
                + "-\\d+ deleted.*"))).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(out).contains("node " + RealSlurm.gpuNode(i) + " up");
            assertThat(out).containsPattern("node " + RealSlurm.gpuNode(i) + " down .*pod " + GPU_POD + "-" + i
                    + " deleted");
            assertThat(slurm.scontrol("--future", "show", "node", RealSlurm.gpuNode(i))).as(RealSlurm.gpuNode(i))
                    .contains("State=FUTURE");
        }
    }

    /** Copies what the command prints to the console and to the buffer the test reads. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
