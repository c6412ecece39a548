package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeAccess;
import io.skaler.kube.KubeAccess.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart grants exactly the Kubernetes calls skaler makes and nothing more. The expected grants are
 * {@link KubeAccess#RULES}, the table the kube code's calls are checked against, flattened per scope, so code and chart
 * cannot drift. Each grant reads "where apiGroup/resource verb [name]" so a widened or missing permission shows as a
 * one-line diff. The chart narrows two rules by name: the Lease (all but create) and the policy ConfigMap.
 */
class ChartRbacTest {
    static final Set<String> SLURM_NAMESPACE = grantsOf(Scope.SLURM_NAMESPACE, Scope.EVENT_NAMESPACES);
    static final Set<String> CLUSTER = grantsOf(Scope.CLUSTER);
    static final Set<String> RELEASE_NAMESPACE = grantsOf(Scope.OWN_NAMESPACE, Scope.POLICY_NAMESPACE,
            Scope.EVENT_NAMESPACES);

    /** The grants of these scopes, with the resource names the chart's defaults pin. */
    static Set<String> grantsOf(Scope... scopes) {
        Set<String> out = new TreeSet<>();
        for (KubeAccess.Rule r : KubeAccess.RULES) {
            if (!Arrays.asList(scopes).contains(r.scope())) {
                continue;
            }
            String what = (r.apiGroup().isEmpty() ? "core" : r.apiGroup()) + "/" + r.resource();
            for (String verb : r.verbs()) {
                String name = switch (r.resource()) {
                    case "leases" -> verb.equals("create") ? "" : " skaler-leader"; // create cannot name the object
                    case "configmaps" -> " skaler-policy";
                    default -> "";
                };
                out.add(what + " " + verb + name);
            }
        }
        return out;
    }

    @Test
    void defaultGrantsAreExactlyWhatSkalerCalls() {
        Set<String> expected = new TreeSet<>();
        CLUSTER.forEach(g -> expected.add("cluster " + g));
        SLURM_NAMESPACE.forEach(g -> expected.add("slurm " + g));
        RELEASE_NAMESPACE.forEach(g -> expected.add("skaler " + g));
        grantsOf(Scope.EVENT_NAMESPACES).forEach(g -> expected.add("default " + g)); // NodePool Events

        assertThat(grants(Chart.defaults())).isEqualTo(expected);
    }

    @Test
    void withoutSlurmNamespacesTheNamespacedGrantsBecomeClusterWide(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"), "rbac:\n  slurmNamespaces: []\n");
        var rendered = Chart.template(Optional.of(values), Map.of());
        Set<String> expected = new TreeSet<>();
        CLUSTER.forEach(g -> expected.add("cluster " + g));
        SLURM_NAMESPACE.forEach(g -> expected.add("cluster " + g));
        RELEASE_NAMESPACE.forEach(g -> expected.add("skaler " + g));
        grantsOf(Scope.EVENT_NAMESPACES).forEach(g -> expected.add("default " + g)); // NodePool Events

        assertThat(grants(rendered)).isEqualTo(expected);
    }

    @Test
    void everyRoleIsBoundToSkalersServiceAccountOnlyAndNothingTouchesSecrets() {
        var rendered = Chart.full();
        for (String kind : new String[] {"ClusterRoleBinding", "RoleBinding"}) {
            for (JsonNode binding : rendered.ofKind(kind)) {
                assertThat(binding.path("subjects")).hasSize(1);
                assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("skaler-gpu-sa");
                assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("skaler");
            }
        }
        assertThat(grants(rendered)).noneMatch(g -> g.contains("secrets") || g.contains("*"));
        assertThat(grants(rendered)).filteredOn(g -> g.startsWith("slurm-trn ")).hasSize(SLURM_NAMESPACE.size());
    }

    /**
     * The service watches exactly the namespaces the chart grants (issue 18: only the first reached it): each of
     * rbac.slurmNamespaces, whose Roles carry the NodeSet grants, or "*" when the ClusterRole carries them.
     */
    @Test
    void theServiceWatchesEveryNamespaceTheRolesGrantAndAllWhenTheClusterRoleDoes(@TempDir Path dir)
            throws IOException {
        var full = Chart.full();
        Set<String> granted = new TreeSet<>();
        grants(full).stream().filter(g -> g.contains("slinky.slurm.net/nodesets list"))
                .forEach(g -> granted.add(g.substring(0, g.indexOf(' '))));
        assertThat(granted).containsExactly("slurm", "slurm-trn");
        assertThat(Set.of(watched(full).split(","))).isEqualTo(granted);

        var clusterWide = Chart.template(Optional.of(Files.writeString(dir.resolve("values.yaml"),
                "rbac:\n  slurmNamespaces: []\n")), Map.of());
        assertThat(grants(clusterWide)).contains("cluster slinky.slurm.net/nodesets list");
        assertThat(watched(clusterWide)).isEqualTo("*");
    }

    private static String watched(Chart.Rendered rendered) {
        for (JsonNode env : rendered.one("Deployment").at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals("SKALER_KUBE_NAMESPACES")) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("SKALER_KUBE_NAMESPACES not passed to skaler");
    }

    static Set<String> grants(Chart.Rendered rendered) {
        Set<String> out = new TreeSet<>();
        for (String kind : new String[] {"ClusterRole", "Role"}) {
            for (JsonNode role : rendered.ofKind(kind)) {
                String where = kind.equals("ClusterRole") ? "cluster" : role.at("/metadata/namespace").asText();
                for (JsonNode rule : role.path("rules")) {
                    for (JsonNode group : rule.path("apiGroups")) {
                        for (JsonNode resource : rule.path("resources")) {
                            for (JsonNode verb : rule.path("verbs")) {
                                String base = where + " " + (group.asText().isEmpty() ? "core" : group.asText()) + "/"
                                        + resource.asText() + " " + verb.asText();
                                if (rule.path("resourceNames").isEmpty()) {
                                    out.add(base);
                                } else {
                                    rule.path("resourceNames").forEach(n -> out.add(base + " " + n.asText()));
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
