package io.skaler.api;

import io.skaler.sandbox.KedaSettings;
import io.skaler.sandbox.SandboxRunner;
import io.skaler.sandbox.SandboxSummary;
import io.skaler.sandbox.Scenario;
import io.skaler.sandbox.SkalerInSandbox;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skaler sandbox}: the real skaler against an embedded cluster (in-process Kubernetes API with the CRDs,
 * a simulated Slurm served as slurmrestd v0.0.42, simulated Karpenter and kubelet) replaying a bundled workload.
 */
@Command(name = "sandbox",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        description = {"Run skaler on its embedded sandbox and print what it decides, then a summary.",
            "Everything runs in this process on 127.0.0.1; no cluster, Slurm or network is needed.",
            "The workload replays faster than real time (--speed virtual seconds per real second)."},
        footerHeading = "%n",
        footer = {"Exit status: 0 the run completed; 2 bad options; 1 the run failed (one line on stderr).",
            "",
            "Example:",
            "  skaler sandbox --summary-json target/sandbox-summary.json --html target/sandbox-report.html"})
public final class SandboxCommand implements Callable<Integer> {
    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the summary as JSON to FILE.")
    Optional<Path> summaryJson;

    @Option(names = "--html", paramLabel = "FILE", defaultValue = "target/sandbox-report.html",
            description = "Write the HTML report (inline SVG chart of demand vs capacity) to FILE (default: ${DEFAULT-VALUE}).")
    Path html;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "60",
            description = "Virtual seconds per real second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--dry-run", description = "skaler decides and reports but writes nothing (capacity never changes).")
    boolean dryRun;

    @Option(names = "--compare-keda", description = "Also replay the same workload under the documented KEDA set-up "
            + "and print both summaries side by side.")
    boolean compareKeda;

    @Override
    public Integer call() throws Exception {
        if (!(speed >= 1 && speed <= 1000)) {
            throw new BadInputException("sandbox", "--speed", "must be within 1..1000, got " + speed);
        }
        PrintStream out = System.out;
        Scenario scenario = Scenario.loadDefault();
        var d = SandboxRunner.Options.defaults();
        var options = new SandboxRunner.Options(speed, d.tick(), d.step(), d.sampleEvery(), d.giveUpAfter(),
                d.progressEvery(), summaryJson, Optional.of(html));
        SandboxSummary skaler = new SandboxRunner(scenario, options, out).run(new SkalerInSandbox(scenario, dryRun, speed));
        out.println();
        out.println(SummaryTable.render(skaler, compareKeda ? Optional.of(keda(scenario, d)) : Optional.empty()));
        out.println("HTML report: " + html.toAbsolutePath());
        summaryJson.ifPresent(p -> out.println("summary JSON: " + p.toAbsolutePath()));
        return 0;
    }

    private static SandboxSummary keda(Scenario scenario, SandboxRunner.Options d) throws Exception {
        var options = new SandboxRunner.Options(d.speed(), d.tick(), d.step(), d.sampleEvery(), d.giveUpAfter(),
                d.progressEvery(), Optional.empty(), Optional.empty());
        return new SandboxRunner(scenario, options, new PrintStream(PrintStream.nullOutputStream()))
                .runKeda(KedaSettings.documented());
    }
}
