package io.skaler.api;

import io.skaler.sandbox.DevSlurmCheck;
import io.skaler.sandbox.DevSlurmRun;
import io.skaler.sandbox.DevSlurmScripts;
import io.skaler.sandbox.KedaSettings;
import io.skaler.sandbox.SandboxRunner;
import io.skaler.sandbox.SandboxSummary;
import io.skaler.sandbox.Scenario;
import io.skaler.sandbox.SkalerInSandbox;
import io.skaler.slurm.TokenFile;
import java.io.PrintStream;
import java.net.URI;
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
            "The workload replays faster than real time (--speed virtual seconds per real second).",
            "With --slurm-url, skaler reads the real Slurm of deploy/dev/slurm instead and the run starts and stops",
            "its slurmd as NodeSet pods come and go; a few short real jobs, in real time (needs root)."},
        footerHeading = "%n",
        footer = {"Exit status: 0 the run completed; 2 bad options or a malformed object, policy or workload (one line",
            "naming the file, the document or field and the reason); 1 the run failed (one line on stderr).",
            "",
            "Example:",
            "  skaler sandbox --summary-json target/sandbox-summary.json --html target/sandbox-report.html",
            "  skaler sandbox --cluster my-cluster.yaml --policy my-policy.yaml [--workload my-jobs.yaml]",
            "  skaler sandbox --history jobs.json [--from 2026-11-01 --to 2026-12-01] [--static 8] --html report.html",
            "  deploy/dev/slurm/token slurm > /tmp/slurm.jwt",
            "  skaler sandbox --slurm-url http://127.0.0.1:6820 --slurm-token-file /tmp/slurm.jwt [--backlog 20000]"})
public final class SandboxCommand implements Callable<Integer> {
    /** Below the dev Slurm's MaxJobCount (200000), leaving room for the workload and other users. */
    static final int MAX_BACKLOG = 150_000;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Write the summary as JSON to FILE.")
    Optional<Path> summaryJson;

    @Option(names = "--html", paramLabel = "FILE", defaultValue = "target/sandbox-report.html",
            description = "Write the HTML report (inline SVG chart of demand vs capacity) to FILE (default: ${DEFAULT-VALUE}).")
    Path html;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "60",
            description = "Virtual seconds per real second (default: ${DEFAULT-VALUE}; with --history, as fast as the "
                    + "machine goes unless given).")
    double speed;

    @Option(names = "--dry-run", description = "skaler decides and reports but writes nothing (capacity never changes).")
    boolean dryRun;

    @Option(names = "--no-anticipation", description = "Run skaler with scaleUp.lookAhead 0s: a --begin job counts as "
            + "demand only once eligible (to compare its wait at eligibility and idle cost with the default).")
    boolean noAnticipation;

    @Option(names = "--compare-keda", description = "Also replay the same workload under the documented KEDA set-up "
            + "and print both summaries side by side.")
    boolean compareKeda;

    @Option(names = "--slurm-url", paramLabel = "URL",
            description = "Run against the real slurmrestd of deploy/dev/slurm at URL (http://127.0.0.1:PORT).")
    Optional<String> slurmUrl;

    @Option(names = "--slurm-token-file", paramLabel = "FILE",
            description = "With --slurm-url: a SlurmUser JWT (deploy/dev/slurm/token slurm > FILE).")
    Optional<Path> slurmTokenFile;

    @Option(names = "--backlog", paramLabel = "N", defaultValue = "0",
            description = "With --slurm-url: first fill the real Slurm with N distinct held jobs (a big queue that "
                    + "changes no plan), cancelled at the end of the run (default: ${DEFAULT-VALUE}).")
    int backlog;

    @Option(names = "--dev-slurm", paramLabel = "DIR", defaultValue = "deploy/dev/slurm",
            description = "With --slurm-url: the dev-Slurm scripts (default: ${DEFAULT-VALUE}).")
    Path devSlurm;

    @Option(names = "--cluster", paramLabel = "FILE",
            description = "Start from your own NodeSets, NodePools, Controller and RestApi (helm template output or a "
                    + "kubectl get -o yaml dump) instead of the bundled cluster; needs --policy.")
    Optional<Path> clusterFile;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "With --cluster: the policy skaler runs with (its node shapes size the simulated nodes).")
    Optional<Path> policyFile;

    @Option(names = "--workload", paramLabel = "FILE",
            description = "Replay these jobs (the scenario's jobs: format, docs/sandbox.md) instead of the bundled "
                    + "ones; without it, the bundled jobs of the partitions your policy has.")
    Optional<Path> workloadFile;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Replay this job history (sacct --json, or a slurmrestd /slurmdb/.../jobs answer) under "
                    + "skaler, the documented KEDA set-up and a static cluster, in virtual time; prints the three-way "
                    + "table and writes the report to --html.")
    Optional<Path> history;

    @Option(names = "--from", paramLabel = "T", description = "With --history: replay jobs submitted from T "
            + "(2026-11-01 or 2026-11-01T08:00:00Z) on.")
    Optional<String> from;

    @Option(names = "--to", paramLabel = "T", description = "With --history: replay jobs submitted before T.")
    Optional<String> to;

    @Option(names = "--static", paramLabel = "N|nodeset=N,...", description = "With --history: the static "
            + "cluster's nodes per NodeSet (default: the peak the history needed).")
    Optional<String> staticNodes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Reads --history files: Slurm's accounting ({@link io.skaler.sandbox.HistorySource#ACCOUNTING}); tests swap it. */
    io.skaler.sandbox.HistorySource historySource = io.skaler.sandbox.HistorySource.ACCOUNTING;

    @Override
    public Integer call() throws Exception {
        if (backlog != 0 && slurmUrl.isEmpty()) {
            throw new BadInputException("sandbox", "--backlog", "works with --slurm-url only (it fills the real Slurm)");
        }
        if (history.isPresent()) {
            return onHistory();
        }
        if (from.isPresent() || to.isPresent() || staticNodes.isPresent()) {
            throw new BadInputException("sandbox", from.isPresent() ? "--from" : to.isPresent() ? "--to"
                    : "--static", "goes with --history");
        }
        if (slurmUrl.isPresent() || slurmTokenFile.isPresent()) {
            return onDevSlurm();
        }
        if (!(speed >= 1 && speed <= 1000)) {
            throw new BadInputException("sandbox", "--speed", "must be within 1..1000, got " + speed);
        }
        if (noAnticipation && policyFile.isPresent()) {
            throw new BadInputException("sandbox", "--no-anticipation", "applies to the bundled policy; with --policy "
                    + "set scaleUp.lookAhead: 0s in your policy instead");
        }
        PrintStream out = System.out;
        Scenario scenario = Scenario.loadDefault();
        Optional<SandboxInputs.Loaded> mine = SandboxInputs.load(clusterFile, policyFile, workloadFile, scenario);
        if (mine.isPresent()) {
            scenario = mine.get().scenario();
            mine.get().describe(out);
        }
        var d = SandboxRunner.Options.defaults();
        var options = new SandboxRunner.Options(speed, d.tick(), d.step(), d.sampleEvery(), d.giveUpAfter(),
                d.progressEvery(), summaryJson, Optional.of(html));
        var runner = new SandboxRunner(scenario, options, out);
        var skalerInSandbox = new SkalerInSandbox(scenario, dryRun, speed);
        if (noAnticipation) {
            skalerInSandbox.withoutAnticipation();
        }
        if (mine.isPresent() && mine.get().objects().isPresent()) {
            runner.startingFrom(mine.get().objects().get());
            skalerInSandbox.withPolicyText(mine.get().policyText());
        }
        SandboxSummary skaler = runner.run(skalerInSandbox);
        out.println();
        out.println(SandboxSummaryTable.render(skaler,
                compareKeda ? Optional.of(keda(scenario, d)) : Optional.empty()));
        out.println("HTML report: " + html.toAbsolutePath());
        summaryJson.ifPresent(p -> out.println("summary JSON: " + p.toAbsolutePath()));
        return 0;
    }

    private Integer onHistory() throws Exception {
        if (slurmUrl.isPresent() || workloadFile.isPresent() || dryRun) {
            throw new BadInputException("sandbox", slurmUrl.isPresent() ? "--slurm-url" : workloadFile.isPresent()
                    ? "--workload" : "--dry-run", "does not go with --history");
        }
        Scenario scenario = Scenario.loadDefault();
        String policyText = io.skaler.sandbox.HistoryReplay.bundledPolicy(scenario);
        Optional<SandboxInputs.Loaded> mine = SandboxInputs.load(clusterFile, policyFile, Optional.empty(), scenario);
        if (mine.isPresent()) {
            scenario = mine.get().scenario();
            policyText = mine.get().policyText();
        }
        Optional<Double> pace = spec.commandLine().getParseResult().hasMatchedOption("--speed") ? Optional.of(speed)
                : Optional.empty();
        return SandboxHistory.run(history.get(), from, to, staticNodes, pace, scenario, policyText, html,
                historySource, System.out, spec.commandLine().getErr());
    }

    private Integer onDevSlurm() throws Exception {
        if (clusterFile.isPresent() || policyFile.isPresent()) {
            throw new BadInputException("sandbox", clusterFile.isPresent() ? "--cluster" : "--policy",
                    "works on the simulated Slurm only, not with --slurm-url");
        }
        if (slurmUrl.isEmpty() || slurmTokenFile.isEmpty()) {
            throw new BadInputException("sandbox", slurmUrl.isEmpty() ? "--slurm-url" : "--slurm-token-file",
                    "--slurm-url and --slurm-token-file go together");
        }
        if (compareKeda || noAnticipation) {
            throw new BadInputException("sandbox", compareKeda ? "--compare-keda" : "--no-anticipation",
                    "works on the simulated Slurm only, not with --slurm-url");
        }
        if (backlog < 0 || backlog > MAX_BACKLOG) {
            throw new BadInputException("sandbox", "--backlog", "must be within 0.." + MAX_BACKLOG
                    + " (the dev Slurm's MaxJobCount is 200000), got " + backlog);
        }
        Scenario scenario = devSlurmScenario();
        var obstacle = DevSlurmCheck.obstacle(slurmUrl.get(), slurmTokenFile.get(), devSlurm);
        if (obstacle.isPresent()) {
            throw new BadInputException("sandbox", obstacle.get().option(), obstacle.get().reason());
        }
        URI url = URI.create(slurmUrl.get());
        PrintStream out = System.out;
        var d = DevSlurmRun.Options.defaults();
        var options = new DevSlurmRun.Options(d.idleFor(), d.stabilization(), d.resync(), d.giveUpAfter(),
                d.sampleEvery(), d.progressEvery(), summaryJson, Optional.of(html), backlog);
        var summary = new DevSlurmRun(scenario, url,
                new TokenFile(slurmTokenFile.get(), Optional.empty()), new DevSlurmScripts(devSlurm, url.getPort()),
                options, out).run(dryRun);
        out.println();
        out.println(SandboxSummaryTable.render(summary, Optional.empty()));
        out.println("HTML report: " + html.toAbsolutePath());
        summaryJson.ifPresent(p -> out.println("summary JSON: " + p.toAbsolutePath()));
        return 0;
    }

    /** The dev Slurm's NodeSets with the bundled small workload, or the {@code --workload} file's jobs. */
    private Scenario devSlurmScenario() throws BadInputException {
        Scenario dev = Scenario.load(Scenario.DEV_SLURM);
        if (workloadFile.isEmpty()) {
            return dev;
        }
        Scenario mine = SandboxInputs.load(Optional.empty(), Optional.empty(), workloadFile, dev).orElseThrow()
                .scenario();
        var partitions = dev.nodeSets().stream().map(ns -> ns.partition()).toList();
        for (var group : mine.workload().groups()) {
            for (String p : group.template().partitions()) {
                if (!partitions.contains(p)) {
                    throw new BadInputException(workloadFile.get().toString(), "jobs." + group.name() + ".partition",
                            "'" + p + "' is not a partition of the dev Slurm " + partitions);
                }
            }
        }
        try {
            io.skaler.sandbox.DevSlurmWorkload.of(mine.workload());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(workloadFile.get().toString(), "", e.getMessage());
        }
        return mine;
    }

    private static SandboxSummary keda(Scenario scenario, SandboxRunner.Options d) throws Exception {
        var options = new SandboxRunner.Options(d.speed(), d.tick(), d.step(), d.sampleEvery(), d.giveUpAfter(),
                d.progressEvery(), Optional.empty(), Optional.empty());
        return new SandboxRunner(scenario, options, new PrintStream(PrintStream.nullOutputStream()))
                .runKeda(KedaSettings.documented());
    }
}
