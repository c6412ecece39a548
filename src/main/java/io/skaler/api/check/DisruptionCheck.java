package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.kube.KubeNames;
import java.util.ArrayList;
import java.util.List;

/**
 * After skaler scales a NodeSet in, Karpenter must remove the empty machine. {@code karpenter.sh/do-not-disrupt} on a
 * Node (or in the NodePool's template, which puts it on every Node), or a budget {@code nodes: "0"} without a
 * schedule, blocks every voluntary disruption, emptiness included (karpenter {@code pkg/controllers/state/statenode.go}):
 * such nodes are never removed. {@code WhenEmptyOrUnderutilized} lets Karpenter move running Slurm jobs' nodes.
 */
public final class DisruptionCheck implements Check {
    static final String NAME = "disruption";
    private static final String ANNOTATION = "/metadata/annotations/" + KubeNames.DO_NOT_DISRUPT.replace("/", "~1");
    private static final String POD_FIX = "remove it and protect busy slurmd pods with the pod annotation"
            + " karpenter.sh/do-not-disrupt instead";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.objects().isEmpty() || in.ofKind("NodePool").isEmpty() && in.ofKind("Node").isEmpty()) {
            return List.of(CheckResult.skip(NAME, "no NodePool or Node in the input", "add them to --kube"));
        }
        List<CheckResult> out = new ArrayList<>();
        for (KubeObject pool : in.ofKind("NodePool")) {
            String what = "NodePool " + pool.name();
            String policy = CheckInput.text(pool, "/spec/disruption/consolidationPolicy");
            boolean problem = false;
            if (!policy.equals(KubeNames.WHEN_EMPTY)) {
                out.add(CheckResult.warn(NAME, what + " consolidationPolicy " + (policy.isEmpty()
                        ? KubeNames.DEFAULT_CONSOLIDATION_POLICY + " (the default)" : policy)
                        + ": Karpenter may replace nodes that run Slurm jobs",
                        "set spec.disruption.consolidationPolicy: WhenEmpty (skaler decides which nodes go)"));
                problem = true;
            }
            if ("true".equals(CheckInput.text(pool, "/spec/template" + ANNOTATION))) {
                out.add(CheckResult.warn(NAME, what + " puts karpenter.sh/do-not-disrupt on every node: Karpenter"
                        + " never removes them, even empty after skaler scales in (cost)",
                        "remove it from spec.template.metadata.annotations; " + POD_FIX.substring(POD_FIX.indexOf("protect"))));
                problem = true;
            }
            if (blockingBudget(pool)) {
                out.add(CheckResult.warn(NAME, what + " has a budget nodes: \"0\" without schedule or reasons: no"
                        + " node of it is ever removed (cost)", "limit that budget to a schedule or to reasons"));
                problem = true;
            }
            if (!problem) {
                out.add(CheckResult.pass(NAME, what + ": WhenEmpty, nothing blocks removing empty nodes"));
            }
        }
        List<String> pinned = in.ofKind("Node").stream()
                .filter(n -> "true".equals(CheckInput.text(n, ANNOTATION))).map(KubeObject::name).toList();
        if (!pinned.isEmpty()) {
            out.add(CheckResult.warn(NAME, pinned.size() + " Node(s) carry karpenter.sh/do-not-disrupt and are never"
                    + " removed: " + String.join(", ", pinned.subList(0, Math.min(3, pinned.size())))
                    + (pinned.size() > 3 ? ", ..." : ""), POD_FIX));
        }
        return out;
    }

    private static boolean blockingBudget(KubeObject pool) {
        for (JsonNode b : pool.body().at("/spec/disruption/budgets")) {
            if (b.path("nodes").asText().equals("0") && !b.has("schedule") && !b.has("reasons")) {
                return true;
            }
        }
        return false;
    }
}
