package io.skaler.api;

import io.skaler.kube.KubeObjectsFile;
import io.skaler.model.Plan;
import io.skaler.planner.Planner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skaler plan}: what would skaler do with this Slurm queue, this cluster and this policy? Reads files only,
 * runs the same pure planner as the service, prints the plan as JSON. How users ask before they deploy, and how
 * support reproduces a decision from saved answers.
 */
@Command(name = "plan",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpWidth = 110,
        header = "Print the plan skaler would make for a saved Slurm snapshot, a policy and (optionally) Kubernetes objects.",
        descriptionHeading = "%n",
        description = {
            "Reads the raw slurmrestd answers in DIR (jobs.json, nodes.json, partitions.json, from any of API",
            "v0.0.40 to v0.0.45, e.g. saved with curl -H 'Accept: application/json' .../slurm/v0.0.42/jobs),",
            "the policy (the policy.yaml of the ConfigMap) and, with --kube, the NodeSets, NodePools, NodeClaims",
            "and Pods of the cluster; then prints the plan as JSON on stdout:",
            "  targets       one per managed NodeSet (kind, namespace, name, partition, current, desired, action,",
            "                podsToRemove, reasons) and one per bound NodePool (kind, name, mode, limits, replicas)",
            "  partitions    demand per managed partition (eligibleJobs, pendingGpus, pendingCpus, pendingGres,",
            "                nodesNeeded, unplaceableJobs)",
            "  excludedJobs  pending jobs not counted, with the reason (held, dependency, fits no node shape, ...)",
            "  warnings, inputProblems, partial, policyVersion, slurmApiVersion, at",
            "  kubeFile      with --kube: objects read and skipped by kind, and a note naming what was skipped",
            "Nothing is written anywhere: the command needs no cluster and no Slurm."},
        footerHeading = "%n",
        footer = {
            "Exit status: 0 the plan was printed; 2 an input is unusable: one line on stderr names the file,",
            "the field and the reason; 1 an unexpected internal error (one line on stderr).",
            "",
            "Example:",
            "  skaler plan --slurm ./snapshot --policy policy.yaml --kube cluster.yaml --now 2026-11-25T23:00:00Z"})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--slurm", required = true, paramLabel = "DIR",
            description = "Directory holding jobs.json, nodes.json and partitions.json: raw slurmrestd answers.")
    Path slurmDir;

    @Option(names = "--policy", required = true, paramLabel = "FILE",
            description = "The policy YAML (apiVersion skaler.io/v1alpha1, kind Policy; see docs/policy.md).")
    Path policyFile;

    @Option(names = "--kube", paramLabel = "FILE",
            description = "Kubernetes objects as you have them: multi-document YAML, helm template output or a "
                    + "kubectl get ... -o yaml dump (kind: List). NodeSets, NodePools, NodeClaims and Pods are read; "
                    + "other kinds (Secret, Service, Controller, ...) are skipped and counted. Without it every managed "
                    + "NodeSet is taken to exist at 0 replicas with no pods, and every bound NodePool with no limits "
                    + "and nothing in flight.")
    Optional<Path> kubeFile;

    @Option(names = "--now", paramLabel = "ISO-8601",
            description = "The instant to plan at (e.g. 2026-11-25T23:00:00Z): drives idle-for, stabilization "
                    + "and provisioning timeouts. Default: when jobs.json was last modified, so the same files "
                    + "give the same plan.")
    Optional<String> now;

    @Override
    public Integer call() throws BadInputException {
        PlanInputs in = PlanInputs.load(slurmDir, policyFile, kubeFile, now);
        Plan plan = Planner.plan(in.snapshot(), in.policy(), in.now());
        PrintWriter out = spec.commandLine().getOut();
        var tree = PlanJson.tree(plan, new PlanJson.Source(in.policy().version(), in.slurm().apiVersion(),
                in.problems()));
        in.kubeFile().ifPresent(k -> kubeFile(tree.putObject("kubeFile"), k));
        out.println(PlanJson.write(tree));
        out.flush();
        return 0;
    }

    private static void kubeFile(com.fasterxml.jackson.databind.node.ObjectNode into, KubeObjectsFile.Parsed k) {
        k.read().forEach(into.putObject("read")::put);
        k.skipped().forEach(into.putObject("skipped")::put);
        into.put("note", k.skippedCount() == 0 ? "every object was read"
                : "skipped " + k.skippedCount() + " object" + (k.skippedCount() == 1 ? "" : "s")
                        + " of kinds skaler plan does not read (" + String.join(", ", k.skipped().keySet()) + ")");
    }
}
