package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sandbox --slurm-url}: what is missing is refused before anything starts, exit 2 and one line naming it. */
class SandboxSlurmUrlOptionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "sandbox";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.runOffline(all, new PrintStream(out), new PrintStream(err));
    }

    private String errorLine() {
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void aUrlWithoutATokenFileIsRefused() {
        assertThat(run("--slurm-url", "http://127.0.0.1:6820")).isEqualTo(2);
        assertThat(errorLine()).isEqualTo("sandbox: --slurm-token-file: --slurm-url and --slurm-token-file go together");
    }

    @Test
    void aUrlThatIsNotTheDevSlurmIsRefused(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        assertThat(run("--slurm-url", "https://slurm.example.com/", "--slurm-token-file", token.toString()))
                .isEqualTo(2);
        assertThat(errorLine()).startsWith("sandbox: --slurm-url: 'https://slurm.example.com/' is not the dev Slurm")
                .doesNotContain("\n");
    }

    @Test
    void aMissingTokenFileIsNamed(@TempDir Path dir) {
        Path token = dir.resolve("absent.jwt");
        assertThat(run("--slurm-url", "http://127.0.0.1:6820", "--slurm-token-file", token.toString())).isEqualTo(2);
        assertThat(errorLine()).isEqualTo("sandbox: --slurm-token-file: cannot read " + token
                + "; make one with: deploy/dev/slurm/token slurm > " + token);
    }

    @Test
    void missingScriptsOrNoRunningDevSlurmIsNamedAndNothingRuns(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        // a port nobody uses: as root the scripts or the cluster are what is missing, otherwise root itself
        int status = run("--slurm-url", "http://127.0.0.1:1", "--slurm-token-file", token.toString(),
                "--dev-slurm", dir.resolve("nowhere").toString());
        assertThat(status).isEqualTo(2);
        assertThat(errorLine()).doesNotContain("\n")
                .matches("sandbox: (--slurm-url: needs root.*|--dev-slurm: no dev-Slurm scripts .*nowhere.*)");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPortWithoutADevSlurmIsNamed(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        int status = run("--slurm-url", "http://127.0.0.1:7999", "--slurm-token-file", token.toString(),
                "--dev-slurm", io.skaler.sandbox.DevSlurmScripts.defaultDir().toString());
        assertThat(status).isEqualTo(2);
        assertThat(errorLine()).doesNotContain("\n").matches("sandbox: --slurm-url: (needs root.*|no dev Slurm runs "
                + "on port 7999; start it with: SKALER_SLURM_PORT=7999 deploy/dev/slurm/start)");
    }

    @Test
    void compareKedaIsForTheSimulatedSlurmOnly(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        assertThat(run("--slurm-url", "http://127.0.0.1:6820", "--slurm-token-file", token.toString(),
                "--compare-keda")).isEqualTo(2);
        assertThat(errorLine()).startsWith("sandbox: --compare-keda: works on the simulated Slurm only");
    }

    @Test
    void aBacklogWithoutTheRealSlurmIsRefused() {
        assertThat(run("--backlog", "100")).isEqualTo(2);
        assertThat(errorLine()).isEqualTo("sandbox: --backlog: works with --slurm-url only (it fills the real Slurm)");
    }

    @Test
    void aBacklogOutsideItsRangeIsNamed(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        assertThat(run("--slurm-url", "http://127.0.0.1:6820", "--slurm-token-file", token.toString(),
                "--backlog", "-1")).isEqualTo(2);
        assertThat(errorLine()).isEqualTo("sandbox: --backlog: must be within 0..150000 (the dev Slurm's MaxJobCount "
                + "is 200000), got -1");
    }

    @Test
    void aWorkloadForAPartitionTheDevSlurmLacksIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        Path jobs = Files.writeString(dir.resolve("jobs.yaml"), """
                jobs:
                  - {name: cpu-burst, user: alice, partition: cpu, count: 2, every: 1s, memoryPerNodeMB: 1024, runtime: 10s}
                """);
        // port 1: the dev Slurm is not there, so an answer naming the workload was given before looking for it
        assertThat(run("--slurm-url", "http://127.0.0.1:1", "--slurm-token-file", token.toString(), "--workload",
                jobs.toString())).isEqualTo(2);
        assertThat(errorLine()).isEqualTo(jobs + ": jobs.cpu-burst.partition: 'cpu' is not a partition of the dev "
                + "Slurm [gpu-h100, trn1]");
    }

    @Test
    void aWorkloadSbatchCannotSayIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        Path jobs = Files.writeString(dir.resolve("jobs.yaml"), """
                jobs:
                  - {name: pergpu, user: alice, partition: gpu-h100, memoryPerNodeMB: 1024, gresPerJob: "gpu:h100:2", runtime: 10s}
                """);
        assertThat(run("--slurm-url", "http://127.0.0.1:1", "--slurm-token-file", token.toString(), "--workload",
                jobs.toString())).isEqualTo(2);
        assertThat(errorLine()).startsWith(jobs + ": ").contains("jobs.pergpu.gresPerJob/gresPerTask: not supported "
                + "against the real Slurm");
    }

    @Test
    void noAnticipationIsForTheBundledPolicyOnTheSimulatedSlurm(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("t"), "x");
        assertThat(run("--slurm-url", "http://127.0.0.1:6820", "--slurm-token-file", token.toString(),
                "--no-anticipation")).isEqualTo(2);
        assertThat(errorLine()).startsWith("sandbox: --no-anticipation: works on the simulated Slurm only");
        err.reset();
        assertThat(run("--cluster", "c.yaml", "--policy", "p.yaml", "--no-anticipation")).isEqualTo(2);
        assertThat(errorLine()).isEqualTo("sandbox: --no-anticipation: applies to the bundled policy; with --policy "
                + "set scaleUp.lookAhead: 0s in your policy instead");
    }
}
