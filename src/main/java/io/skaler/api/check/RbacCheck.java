package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every namespace whose NodeSets the policy manages must be granted to skaler: scaling goes through
 * {@code nodesets/scale} (update). Live, an access review answers; offline, the chart's Roles and ClusterRoles with
 * their bindings in the input do, and without any the answer is unknown.
 */
public final class RbacCheck implements Check {
    static final String NAME = "rbac-namespaces";
    private static final String FIX = "add the namespace to the skaler chart's rbac.slurmNamespaces (or leave that"
            + " list empty for a ClusterRole) and upgrade the release";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        Set<String> namespaces = new TreeSet<>();
        in.policy().ifPresent(p -> p.partitions().forEach(x -> x.nodeSets().forEach(n -> namespaces.add(
                n.ref().namespace()))));
        if (in.policy().isEmpty()) {
            in.ofKind("NodeSet").forEach(n -> namespaces.add(n.namespace()));
        }
        if (namespaces.isEmpty()) {
            return List.of(CheckResult.skip(NAME, "no namespace to check (no policy, no NodeSet)", "pass --policy FILE"));
        }
        List<CheckResult> out = new ArrayList<>();
        boolean offlineRoles = !in.ofKind("Role").isEmpty() || !in.ofKind("ClusterRole").isEmpty();
        for (String ns : namespaces) {
            Boolean live = in.access().get(ns);
            if (live != null) {
                out.add(live ? CheckResult.pass(NAME, "namespace " + ns + ": skaler may scale NodeSets (access review)")
                        : CheckResult.fail(NAME, "namespace " + ns + ": skaler may not update nodesets/scale there"
                                + " (access review)", FIX));
            } else if (offlineRoles) {
                out.add(granted(ns, in) ? CheckResult.pass(NAME, "namespace " + ns + ": a bound Role or ClusterRole"
                        + " grants nodesets/scale update")
                        : CheckResult.fail(NAME, "namespace " + ns + ": no bound Role or ClusterRole in the input"
                                + " grants nodesets/scale update", FIX));
            } else {
                out.add(CheckResult.skip(NAME, "namespace " + ns + ": unknown (no Role or ClusterRole in the input)",
                        "add the skaler chart's rendered RBAC (helm template skaler ...) to --kube, or run live"));
            }
        }
        return out;
    }

    static boolean granted(String namespace, CheckInput in) {
        for (KubeObject binding : in.ofKind("RoleBinding")) {
            if (!binding.namespace().equals(namespace)) {
                continue;
            }
            String kind = CheckInput.text(binding, "/roleRef/kind");
            String name = CheckInput.text(binding, "/roleRef/name");
            boolean sameNamespace = kind.equals("Role");
            if (in.ofKind(kind).stream().anyMatch(r -> r.name().equals(name)
                    && (!sameNamespace || r.namespace().equals(namespace)) && scales(r))) {
                return true;
            }
        }
        for (KubeObject binding : in.ofKind("ClusterRoleBinding")) {
            String name = CheckInput.text(binding, "/roleRef/name");
            if (in.ofKind("ClusterRole").stream().anyMatch(r -> r.name().equals(name) && scales(r))) {
                return true;
            }
        }
        return false;
    }

    private static boolean scales(KubeObject role) {
        for (JsonNode rule : role.body().path("rules")) {
            if (has(rule.path("apiGroups"), "slinky.slurm.net") && has(rule.path("resources"), "nodesets/scale")
                    && has(rule.path("verbs"), "update")) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(JsonNode list, String wanted) {
        for (JsonNode v : list) {
            if (v.asText().equals(wanted) || v.asText().equals("*")) {
                return true;
            }
        }
        return false;
    }
}
