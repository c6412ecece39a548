package io.skaler.api.check;

import io.skaler.kube.KubeDocuments.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A NodeSet with {@code spec.scalingMode: DaemonSet} runs one pod per matching node and ignores {@code replicas}
 * (slurm-operator's NodeSet API), so skaler cannot scale it.
 */
public final class ScalingModeCheck implements Check {
    static final String NAME = "nodeset-scaling-mode";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.objects().isEmpty() || in.managedNodeSets().isEmpty()) {
            return List.of(CheckResult.skip(NAME, "no managed NodeSet in the input", "add the NodeSets to --kube"));
        }
        List<CheckResult> out = new ArrayList<>();
        for (KubeObject ns : in.managedNodeSets()) {
            String mode = CheckInput.text(ns, "/spec/scalingMode");
            if (mode.equals("DaemonSet")) {
                out.add(CheckResult.fail(NAME, "NodeSet " + ns.qualifiedName() + " has scalingMode DaemonSet, which"
                        + " ignores replicas: skaler cannot scale it",
                        "set scalingMode: StatefulSet on the NodeSet (the chart's nodesets.<name>.scalingMode),"
                                + " or take it out of the policy"));
            } else {
                out.add(CheckResult.pass(NAME, "NodeSet " + ns.qualifiedName() + " scalingMode "
                        + (mode.isEmpty() ? "unset (StatefulSet)" : mode)));
            }
        }
        return out;
    }
}
