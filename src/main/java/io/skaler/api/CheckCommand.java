package io.skaler.api;

import io.skaler.api.check.CheckInput;
import io.skaler.api.check.CheckReport;
import io.skaler.api.check.CheckResult;
import io.skaler.api.check.Checks;
import io.skaler.kube.KubeDocuments;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skaler check}: can this install work, and how to fix what cannot. A list of small pure checks
 * ({@link Checks#ALL}) over one input gathered from files (offline) or from the cluster and slurmrestd (live).
 */
@Command(name = "check",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        header = "Check whether an install can work: a checklist with pass / warn / fail and the fix for each.",
        descriptionHeading = "%n",
        description = {
            "Offline, from the files skaler plan takes (any subset; checks without their input say skip):",
            "  --kube FILE   Kubernetes objects as you have them (kubectl get ... -o yaml, helm template output):",
            "                CRDs, NodeSets, Controllers, RestApis, Pods, NodePools, NodeClaims, Nodes, Roles",
            "  --slurm DIR   saved slurmrestd answers (jobs.json, nodes.json, partitions.json)",
            "  --policy FILE the policy YAML",
            "Live (--live): lists those objects through the kubeconfig (or the pod's service account), reads the",
            "policy ConfigMap, and contacts slurmrestd (--slurm-url / --slurm-token-file, or in skaler's pod its",
            "SKALER_SLURM_URL / SKALER_SLURM_AUTH_TOKEN_FILE) and the metrics endpoint.",
            "Checks: crds, operator-slurm-client, nodeset-scaling-mode, pod-slurm-node-mapping, nodepool-limits,",
            "disruption, static-capacity, field-managers, slurmrestd, node-shape, rbac-namespaces, metrics"
                    + " (docs/check.md)."},
        footerHeading = "%n",
        footer = {
            "Exit status: 0 nothing failed (warnings allowed); 1 something failed; 2 an input is unusable (one line",
            "on stderr names the file, the field and the reason).",
            "",
            "Examples:",
            "  skaler check --kube cluster.yaml --slurm ./snapshot --policy policy.yaml",
            "  skaler check --live --slurm-url http://slurm-restapi.slurm:6820 --slurm-token-file /tmp/slurm.jwt"})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kube", paramLabel = "FILE", description = "Kubernetes objects (offline).")
    Optional<Path> kubeFile;

    @Option(names = "--slurm", paramLabel = "DIR", description = "Saved slurmrestd answers (offline).")
    Optional<Path> slurmDir;

    @Option(names = "--policy", paramLabel = "FILE", description = "The policy YAML (live: instead of the ConfigMap).")
    Optional<Path> policyFile;

    @Option(names = "--live", description = "Read the cluster, slurmrestd and the metrics endpoint instead of files.")
    boolean live;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "With --live: this kubeconfig (default: "
            + "KUBECONFIG, ~/.kube/config, or the pod's service account).")
    Optional<Path> kubeconfig;

    @Option(names = "--slurm-url", paramLabel = "URL", description = "With --live: slurmrestd (default: "
            + "SKALER_SLURM_URL).")
    Optional<URI> slurmUrl;

    @Option(names = "--slurm-token-file", paramLabel = "FILE", description = "With --live: a Slurm JWT (default: "
            + "SKALER_SLURM_AUTH_TOKEN_FILE).")
    Optional<Path> slurmTokenFile;

    @Option(names = "--metrics-url", paramLabel = "URL", description = "With --live: skaler's metrics endpoint "
            + "(default in skaler's pod: http://127.0.0.1:8080/q/metrics).")
    Optional<URI> metricsUrl;

    @Option(names = "--now", paramLabel = "ISO-8601", description = "The instant to judge token expiry at "
            + "(default: now).")
    Optional<String> now;

    @Override
    public Integer call() throws BadInputException {
        Instant at = now.isPresent() ? PlanInputs.instant(now.get()) : Instant.now();
        CheckInput in;
        if (live || kubeconfig.isPresent()) {
            if (kubeFile.isPresent() || slurmDir.isPresent()) {
                throw new BadInputException("check", kubeFile.isPresent() ? "--kube" : "--slurm",
                        "reads files offline; leave it out with --live");
            }
            in = LiveCheckInputs.gather(kubeconfig, policyFile, slurmUrl, slurmTokenFile, metricsUrl, at);
        } else {
            if (slurmUrl.isPresent() || slurmTokenFile.isPresent() || metricsUrl.isPresent()) {
                throw new BadInputException("check", slurmUrl.isPresent() ? "--slurm-url"
                        : slurmTokenFile.isPresent() ? "--slurm-token-file" : "--metrics-url", "needs --live");
            }
            if (kubeFile.isEmpty() && slurmDir.isEmpty() && policyFile.isEmpty()) {
                throw new BadInputException("check", "", "give --kube FILE, --slurm DIR and/or --policy FILE"
                        + " (offline), or --live");
            }
            in = offline(at);
        }
        List<CheckResult> results = Checks.run(Checks.ALL, in);
        PrintWriter out = spec.commandLine().getOut();
        out.print(CheckReport.render(results));
        out.flush();
        return Checks.exitStatus(results);
    }

    private CheckInput offline(Instant at) throws BadInputException {
        CheckInput in = CheckInput.empty(at);
        if (policyFile.isPresent()) {
            in = in.withPolicy(PlanInputs.policy(policyFile.get()));
        }
        if (slurmDir.isPresent()) {
            in = in.withSlurm(PlanInputs.slurm(slurmDir.get()).snapshot());
        }
        if (kubeFile.isPresent()) {
            in = in.withObjects(objects(kubeFile.get()));
        }
        return in;
    }

    static List<KubeDocuments.KubeObject> objects(Path file) throws BadInputException {
        String text = PlanInputs.read(file);
        try {
            List<KubeDocuments.KubeObject> objects = KubeDocuments.parse(text);
            // the kinds the plan reads must be well formed here too: one line naming the document and the field
            io.skaler.kube.KubeObjectsFile.fromObjects(objects, Instant.EPOCH);
            return objects;
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), "", e.getMessage());
        }
    }
}
