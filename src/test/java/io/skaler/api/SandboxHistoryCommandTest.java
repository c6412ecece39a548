package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.sandbox.History;
import io.skaler.sandbox.HistoryJob;
import io.skaler.sandbox.SyntheticHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skaler sandbox --history}: options, errors, and a run on the bundled cluster that writes its report. */
class SandboxHistoryCommandTest {
    @TempDir
    Path dir;

    final StringWriter err = new StringWriter();
    final List<Path> read = new ArrayList<>();

    int run(List<HistoryJob> history, String... args) {
        var cl = SkalerCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
        var sandbox = (SandboxCommand) cl.getSubcommands().get("sandbox").getCommand();
        sandbox.historySource = file -> {
            read.add(file);
            return new History(history, List.of());
        };
        return cl.execute(args);
    }

    @Test
    void replaysTheHistoryThreeWaysAndWritesTheReport() throws Exception {
        var history = SyntheticHistory.generate(300, Duration.ofHours(6), Instant.parse("2026-01-05T00:00:00Z"), 3);
        Path html = dir.resolve("report.html");
        int exit = run(history, "sandbox", "--history", "jobs.json", "--from", "2026-01-05T01:00:00Z", "--to",
                "2026-01-05T05:00:00Z", "--static", "cpu=4", "--html", html.toString());
        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(read).containsExactly(Path.of("jobs.json"));
        String page = Files.readString(html);
        assertThat(page).contains("<table id=\"cost\">", "<td>skaler</td>", "<td>keda</td>", "<td>static</td>",
                "data-nodeset=\"gpu-h100\"", "data-nodeset=\"trn1\"", "data-nodeset=\"cpu\"");
        // the static cluster: cpu as named, the others at the peak the history needed
        assertThat(page).containsPattern("static cluster: \\{gpu-h100=\\d+, trn1=\\d+, cpu=4\\}");
        assertThat(page).contains("jobs submitted from 2026-01-05T01:00:00Z to 2026-01-05T05:00:00Z");
    }

    @Test
    void yourClusterAndPolicyReplaceTheBundledOnes() throws Exception {
        // only the CPU jobs of the generated history have a partition in the small cluster; the rest are left out
        // with one line saying so (slurmctld would refuse them at submission), and the CPU jobs all run
        var history = SyntheticHistory.generate(200, Duration.ofHours(4), Instant.parse("2026-01-05T00:00:00Z"), 5);
        Path html = dir.resolve("mine.html");
        int exit = run(history, "sandbox", "--history", "jobs.json", "--cluster",
                "src/test/resources/sandbox/small-cluster.yaml", "--policy", "src/test/resources/sandbox/small-policy.yaml",
                "--html", html.toString());
        var refused = history.stream().filter(j -> !j.request().partitions().contains("cpu")).toList();
        assertThat(refused).isNotEmpty();
        assertThat(err.toString().lines().toList()).containsExactly("sandbox: history: " + refused.size()
                + " job records: partition not in the cluster (it has cpu) (first: job " + refused.get(0).id()
                + " in " + String.join(",", refused.get(0).request().partitions()) + "); not replayed");
        assertThat(exit).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("data-nodeset=\"cpu\"").doesNotContain("data-nodeset=\"gpu-h100\"");
        assertThat(page).containsPattern("static cluster: \\{cpu=\\d\\}");
        assertThat(page).contains("<p>" + (history.size() - refused.size()) + " jobs submitted from ");
        assertThat(page).contains("<td>skaler</td><td>0.0</td><td>0.0</td><td>0.0</td><td>0</td>");
    }

    @Test
    void badOptionsAreOneLineNamingTheOption() {
        assertThat(run(List.of(), "sandbox", "--history", "jobs.json", "--static", "gpu-h100=lots")).isEqualTo(2);
        assertThat(run(List.of(), "sandbox", "--history", "jobs.json", "--static", "a100=2")).isEqualTo(2);
        assertThat(run(List.of(), "sandbox", "--history", "jobs.json", "--from", "yesterday")).isEqualTo(2);
        assertThat(run(List.of(), "sandbox", "--history", "jobs.json", "--from", "2026-02-01", "--to", "2026-01-01"))
                .isEqualTo(2);
        assertThat(run(List.of(), "sandbox", "--from", "2026-02-01")).isEqualTo(2);
        assertThat(run(List.of(), "sandbox", "--history", "jobs.json", "--workload", "w.yaml")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly(
                "sandbox: --static: 'gpu-h100=lots' is not N or nodeset=N",
                "sandbox: --static: no NodeSet a100 in the cluster ([gpu-h100, trn1, cpu])",
                "sandbox: --from: not a UTC time like 2026-11-01T00:00:00Z or a date like 2026-11-01: 'yesterday'",
                "sandbox: --to: must be after --from (2026-02-01)",
                "sandbox: --from: goes with --history",
                "sandbox: --workload: does not go with --history");
        assertThat(read).isEmpty();
    }

    @Test
    void anEmptyWindowIsABadInputLineNamingTheFile() {
        assertThat(run(List.of(), "sandbox", "--history", "jobs.json", "--html", dir.resolve("r.html").toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("jobs.json: history: no job submitted within the window");
    }
}
