package io.skaler.api.check;

import io.skaler.kube.KubeDocuments.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Can slurm-operator drain before it deletes a slurmd pod? It holds a Slurm client for a Controller exactly while a
 * RestApi whose {@code spec.controllerRef} names that Controller exists (slurm-operator
 * {@code internal/controller/slurmclient/slurmclient_sync.go}); without one it treats every node as drained and
 * deletes pods undrained, so skaler holds every scale-in. Conditions are not looked at: no release sets them.
 */
public final class OperatorClientCheck implements Check {
    static final String NAME = "operator-slurm-client";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.objects().isEmpty()) {
            return List.of(CheckResult.skip(NAME, "no Kubernetes objects given",
                    "pass --kube FILE holding the NodeSets, Controllers and RestApis, or run live"));
        }
        List<KubeObject> nodeSets = in.managedNodeSets();
        if (nodeSets.isEmpty()) {
            return List.of(CheckResult.skip(NAME, "no managed NodeSet in the input", "add the NodeSets to --kube"));
        }
        List<CheckResult> out = new ArrayList<>();
        for (KubeObject ns : nodeSets) {
            out.add(judge(ns, in));
        }
        return out;
    }

    static CheckResult judge(KubeObject nodeSet, CheckInput in) {
        String what = "NodeSet " + nodeSet.qualifiedName();
        String controller = CheckInput.text(nodeSet, "/spec/controllerRef/name");
        if (controller.isBlank()) {
            return CheckResult.fail(NAME, what + " has no spec.controllerRef.name",
                    "set spec.controllerRef.name to the Controller of the cluster (Slinky's chart renders it)");
        }
        boolean controllerFound = in.ofKind("Controller").stream()
                .anyMatch(c -> c.name().equals(controller) && c.namespace().equals(nodeSet.namespace()));
        if (!controllerFound) {
            return CheckResult.fail(NAME, what + ": Controller " + nodeSet.namespace() + "/" + controller
                    + " not found", "install it (Slinky's slurm chart) or add it to --kube"
                    + " (kubectl get controllers,restapis -n " + nodeSet.namespace() + " -o yaml)");
        }
        List<String> restApis = in.ofKind("RestApi").stream()
                .filter(r -> r.namespace().equals(nodeSet.namespace())
                        && controller.equals(CheckInput.text(r, "/spec/controllerRef/name")))
                .map(KubeObject::name).toList();
        if (restApis.isEmpty()) {
            return CheckResult.fail(NAME, what + ": no RestApi in " + nodeSet.namespace() + " names Controller "
                    + controller + " in spec.controllerRef, so slurm-operator has no Slurm client and deletes slurmd"
                    + " pods undrained; skaler holds every scale-in",
                    "enable the RestApi of Slinky's slurm chart (restapi: in values.yaml) with controllerRef "
                            + controller);
        }
        return CheckResult.pass(NAME, what + ": Controller " + controller + " has RestApi "
                + String.join(", ", restApis) + ", so the operator drains before it deletes");
    }
}
