package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart grants exactly the Kubernetes calls skaler makes and nothing more. The table below is the kube engineer's
 * {@code io.skaler.kube.KubeAccess} (branch kube, not yet on main) flattened per scope. Each grant is
 * flattened to "where apiGroup/resource verb [name]" so a widened or missing permission shows as a one-line diff.
 * TODO(kube): derive EXPECTED from the KubeAccess table in io.skaler.kube once it lands, so code and chart cannot drift.
 */
class ChartRbacTest {
    static final Set<String> SLURM_NAMESPACE = Set.of(
            "slinky.slurm.net/nodesets get", "slinky.slurm.net/nodesets list", "slinky.slurm.net/nodesets watch",
            "slinky.slurm.net/nodesets patch",
            "slinky.slurm.net/nodesets/scale get", "slinky.slurm.net/nodesets/scale update",
            "slinky.slurm.net/controllers list", "slinky.slurm.net/controllers watch",
            "slinky.slurm.net/restapis list", "slinky.slurm.net/restapis watch",
            "core/pods get", "core/pods list", "core/pods watch", "core/pods patch",
            "core/events create");
    static final Set<String> CLUSTER = Set.of(
            "karpenter.sh/nodepools get", "karpenter.sh/nodepools list", "karpenter.sh/nodepools watch",
            "karpenter.sh/nodepools patch",
            "karpenter.sh/nodeclaims list", "karpenter.sh/nodeclaims watch",
            "core/nodes list", "core/nodes watch");
    static final Set<String> RELEASE_NAMESPACE = Set.of(
            "coordination.k8s.io/leases create",
            "coordination.k8s.io/leases get skaler-leader", "coordination.k8s.io/leases update skaler-leader",
            "coordination.k8s.io/leases patch skaler-leader",
            "core/configmaps list skaler-policy", "core/configmaps watch skaler-policy",
            "core/events create");

    @Test
    void defaultGrantsAreExactlyWhatSkalerCalls() {
        Set<String> expected = new TreeSet<>();
        CLUSTER.forEach(g -> expected.add("cluster " + g));
        SLURM_NAMESPACE.forEach(g -> expected.add("slurm " + g));
        RELEASE_NAMESPACE.forEach(g -> expected.add("skaler " + g));
        expected.add("default core/events create");

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
        expected.add("default core/events create");

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
