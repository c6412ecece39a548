package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.policy.NodePoolBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CRDs skaler reads, installed and served in the versions it reads: Slinky's NodeSet, Controller and RestApi in
 * {@code v1beta1} (slurm-operator 1.x; 0.x serves only {@code v1alpha1}), Karpenter's NodePool and NodeClaim in
 * {@code v1} when the policy binds a NodePool. Evidence: the CustomResourceDefinition objects, else an object of the
 * kind in the input (its apiVersion was served when it was read).
 */
public final class CrdCheck implements Check {
    static final String NAME = "crds";

    record Needed(String crd, String kind, String version, String fix) {
    }

    private static final String SLINKY_FIX = "install slurm-operator 1.x (its CRDs serve v1beta1); skaler reads"
            + " v1beta1, or v1alpha1 with skaler.kube.nodeset-version=v1alpha1 on Slinky 0.x";
    private static final String KARPENTER_FIX = "install Karpenter >= 1.0 (karpenter.sh/v1 CRDs), or bind no NodePool"
            + " in the policy (nodePool.mode: none)";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.objects().isEmpty()) {
            return List.of(CheckResult.skip(NAME, "no Kubernetes objects given",
                    "pass --kube FILE (kubectl get crd,nodesets,... -o yaml) or run live"));
        }
        List<Needed> needed = new ArrayList<>(List.of(
                new Needed("nodesets.slinky.slurm.net", "NodeSet", "v1beta1", SLINKY_FIX),
                new Needed("controllers.slinky.slurm.net", "Controller", "v1beta1", SLINKY_FIX),
                new Needed("restapis.slinky.slurm.net", "RestApi", "v1beta1", SLINKY_FIX)));
        boolean bindsPools = in.policy().map(p -> p.partitions().stream().flatMap(x -> x.nodeSets().stream())
                .anyMatch(n -> n.nodePool().mode() != NodePoolBinding.Mode.NONE)).orElse(true);
        if (bindsPools) {
            needed.add(new Needed("nodepools.karpenter.sh", "NodePool", "v1", KARPENTER_FIX));
            needed.add(new Needed("nodeclaims.karpenter.sh", "NodeClaim", "v1", KARPENTER_FIX));
        }
        List<CheckResult> out = new ArrayList<>();
        for (Needed n : needed) {
            out.add(judge(n, in));
        }
        return out;
    }

    private static CheckResult judge(Needed n, CheckInput in) {
        Optional<KubeObject> crd = in.ofKind("CustomResourceDefinition").stream()
                .filter(o -> o.name().equals(n.crd())).findFirst();
        if (crd.isPresent()) {
            List<String> served = new ArrayList<>();
            for (JsonNode v : crd.get().body().at("/spec/versions")) {
                if (v.path("served").asBoolean(false)) {
                    served.add(v.path("name").asText());
                }
            }
            if (served.contains(n.version())) {
                return CheckResult.pass(NAME, n.crd() + " serves " + String.join(", ", served));
            }
            return CheckResult.fail(NAME, n.crd() + " serves " + (served.isEmpty() ? "no version"
                    : String.join(", ", served)) + ", not " + n.version(), n.fix());
        }
        List<String> seen = in.ofKind(n.kind()).stream().map(KubeObject::apiVersion).distinct().sorted().toList();
        String wanted = n.crd().substring(n.crd().indexOf('.') + 1) + "/" + n.version();
        if (seen.contains(wanted)) {
            return CheckResult.pass(NAME, n.crd() + " serves " + n.version() + " (a " + n.kind() + " of " + wanted
                    + " is in the input)");
        }
        if (!seen.isEmpty()) {
            return CheckResult.fail(NAME, n.kind() + " objects are " + String.join(", ", seen) + ", not " + wanted,
                    n.fix());
        }
        if (!in.ofKind("CustomResourceDefinition").isEmpty()) {
            return CheckResult.fail(NAME, n.crd() + " is not installed", n.fix());
        }
        return CheckResult.skip(NAME, "no CustomResourceDefinition and no " + n.kind() + " in the input",
                "add kubectl get crd " + n.crd() + " -o yaml to --kube");
    }
}
