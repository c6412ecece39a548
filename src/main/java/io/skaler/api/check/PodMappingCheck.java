package io.skaler.api.check;

import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.model.SlurmNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every running slurmd pod of a managed NodeSet is found among Slurm's nodes under the name slurm-operator gives it
 * (hostNetwork: the Kubernetes node's name). A pod skaler cannot map looks like capacity still coming: scale-up
 * undercounts and scale-in never picks it.
 */
public final class PodMappingCheck implements Check {
    static final String NAME = "pod-slurm-node-mapping";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.objects().isEmpty() || in.slurm().isEmpty()) {
            return List.of(CheckResult.skip(NAME, "needs both Kubernetes objects (pods) and Slurm's nodes",
                    "pass --kube FILE with the slurmd pods and --slurm DIR, or run live"));
        }
        Set<String> slurmNodes = in.slurm().get().nodes().stream().map(SlurmNode::name).collect(Collectors.toSet());
        List<CheckResult> out = new ArrayList<>();
        for (KubeObject ns : in.managedNodeSets()) {
            List<KubeObject> running = NodeSetPods.of(ns, in).stream().filter(NodeSetPods::running).toList();
            if (running.isEmpty()) {
                out.add(CheckResult.skip(NAME, "NodeSet " + ns.qualifiedName() + " has no running pod to map",
                        "run the check again while the NodeSet has a running pod"));
                continue;
            }
            List<String> missing = new ArrayList<>();
            long hostNetwork = 0;
            for (KubeObject pod : running) {
                String slurmName = NodeSetPods.slurmNodeName(pod);
                hostNetwork += pod.body().at("/spec/hostNetwork").asBoolean(false) ? 1 : 0;
                if (!slurmNodes.contains(slurmName)) {
                    missing.add(pod.name() + " -> " + slurmName);
                }
            }
            String net = hostNetwork == 0 ? "" : " (" + hostNetwork + " hostNetwork, named after their Kubernetes node)";
            if (missing.isEmpty()) {
                out.add(CheckResult.pass(NAME, "NodeSet " + ns.qualifiedName() + ": all " + running.size()
                        + " running pods found among Slurm's nodes" + net));
            } else {
                out.add(CheckResult.fail(NAME, "NodeSet " + ns.qualifiedName() + ": " + missing.size() + " of "
                        + running.size() + " running pods have no Slurm node: "
                        + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
                        + (missing.size() > 3 ? ", ..." : "") + net,
                        "check that slurmd registered (scontrol show node NAME) under the pod's hostname"
                                + " (the NodeSet's template hostname + ordinal; hostNetwork: the Kubernetes node)"));
            }
        }
        return out;
    }
}
