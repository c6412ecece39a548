package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NodePool/NodeClaim CRDs tests and the sandbox load carry upstream's validation rules (issue 12 point 9). */
class NodePoolRulesTest {
    static JsonNode crd(String file) throws Exception {
        try (InputStream in = KubeResources.class.getResourceAsStream("crds/" + file)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    static List<String> rules(JsonNode schema) {
        List<String> out = new ArrayList<>();
        schema.path("x-kubernetes-validations").forEach(v -> out.add(v.path("rule").asText()));
        return out;
    }

    @Test
    void theNodePoolCrdCarriesUpstreamsCelRules() throws Exception {
        JsonNode spec = crd("nodepools.karpenter.sh.yaml").at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        assertThat(rules(spec)).containsExactly(
                "has(self.replicas) == has(oldSelf.replicas)",
                "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size(self.limits) == 1"
                        + " && 'nodes' in self.limits))",
                "!has(self.replicas) || !has(self.weight)");
        assertThat(rules(spec.at("/properties/disruption/properties/budgets")))
                .containsExactly("self.all(x, has(x.schedule) == has(x.duration))");
        assertThat(spec.at("/properties/replicas/minimum").asInt()).isZero();
        assertThat(spec.at("/properties/weight/minimum").asInt()).isEqualTo(1);
        assertThat(spec.at("/properties/weight/maximum").asInt()).isEqualTo(100);
    }

    @Test
    void theNodeClaimCrdCarriesUpstreamsRequirementRules() throws Exception {
        JsonNode spec = crd("nodeclaims.karpenter.sh.yaml").at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        assertThat(spec.path("required").toString()).contains("requirements").contains("nodeClassRef");
        assertThat(rules(spec.at("/properties/requirements"))).hasSize(3)
                .anyMatch(r -> r.startsWith("self.all(x, x.operator == 'In'"));
    }

    @Test
    void theJavaCheckFollowsTheRules() {
        assertThat(NodePoolRules.violations(null, Map.of("replicas", 2, "limits", Map.of("nodes", "4"))))
                .isEmpty();
        assertThat(NodePoolRules.violations(null, Map.of("replicas", 2, "limits", Map.of("cpu", "64"))))
                .containsExactly("only 'limits.nodes' is supported on static NodePools");
        assertThat(NodePoolRules.violations(null, Map.of("replicas", 2, "weight", 10)))
                .containsExactly("'weight' is not supported on static NodePools");
        assertThat(NodePoolRules.violations(Map.of("limits", Map.of()), Map.of("replicas", 2)))
                .containsExactly("Cannot transition NodePool between static (replicas set) and dynamic (replicas unset)"
                        + " provisioning modes");
        assertThat(NodePoolRules.violations(null, Map.of("disruption", Map.of("budgets",
                List.of(Map.of("nodes", "0", "schedule", "@daily")))))).containsExactly(
                "'schedule' must be set with 'duration'");
    }
}
