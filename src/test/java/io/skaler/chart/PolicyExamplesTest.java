package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example policy users may copy is one skaler accepts: the ConfigMap the chart renders from its default, CI and
 * EKS values (the text the service will read), and the {@code kind: Policy} blocks of the docs.
 */
class PolicyExamplesTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyExamplePolicyIsValid() throws IOException {
        Map<String, String> examples = new LinkedHashMap<>();
        examples.put("charts/skaler/values.yaml rendered", renderedPolicy(Chart.defaults()));
        examples.put("charts/skaler/ci/full-values.yaml rendered", renderedPolicy(Chart.full()));
        examples.put("deploy/eks/values.yaml rendered", renderedPolicy(
                Chart.template(Optional.of(Chart.projectDir().resolve("deploy/eks/values.yaml")), Map.of())));
        for (String values : new String[] {"charts/skaler/values.yaml", "charts/skaler/ci/full-values.yaml",
            "deploy/eks/values.yaml"}) { // as written, for users who copy it: Helm's merge must not complete it
            examples.put(values + " policy.spec", Chart.YAML.writeValueAsString(
                    Chart.readYaml(Chart.projectDir().resolve(values)).at("/policy/spec")));
        }
        for (String doc : new String[] {"README.md", "docs/policy.md", "deploy/eks/README.md"}) {
            var blocks = YAML_BLOCK.matcher(Files.readString(Chart.projectDir().resolve(doc)));
            for (int i = 1; blocks.find(); i++) {
                if (blocks.group(1).contains("kind: Policy")) {
                    examples.put(doc + " yaml block " + i, blocks.group(1));
                }
            }
        }
        assertThat(examples).containsKey("docs/policy.md yaml block 1");

        Map<String, String> rejected = new LinkedHashMap<>();
        examples.forEach((where, text) -> {
            if (PolicyParser.parse(text) instanceof PolicyResult.Invalid bad) {
                rejected.put(where, bad.describe());
            }
        });
        assertThat(rejected).as("example policies skaler rejects").isEmpty();
    }

    /**
     * issue 18.1: the EKS example's limits for one node must admit one real machine under Karpenter's rule (p5.48xlarge
     * 192 vCPU / 2 TiB / 8 GPUs; trn1.32xlarge 128 vCPU / 512 GiB / 16 Neuron devices), not only a Slurm node's worth.
     */
    @Test
    void theEksExampleLimitsForOneNodeAdmitOneRealMachine() throws IOException {
        String text = Chart.YAML.writeValueAsString(Chart.readYaml(Chart.projectDir().resolve("deploy/eks/values.yaml"))
                .at("/policy/spec"));
        var policy = ((PolicyResult.Valid) PolicyParser.parse(text)).policy();
        Map<String, Map<String, java.math.BigDecimal>> instances = Map.of(
                "h100", Map.of("cpu", java.math.BigDecimal.valueOf(192), "memory",
                        java.math.BigDecimal.valueOf(2L << 40), "nvidia.com/gpu", java.math.BigDecimal.valueOf(8)),
                "trn1", Map.of("cpu", java.math.BigDecimal.valueOf(128), "memory",
                        java.math.BigDecimal.valueOf(512L << 30), "aws.amazon.com/neuron",
                        java.math.BigDecimal.valueOf(16)));
        for (var partition : policy.partitions()) {
            for (var ns : partition.nodeSets()) {
                var instance = instances.get(ns.nodePool().name());
                assertThat(ns.nodePool().machine()).as(ns.ref() + " nodePool.machine").isEqualTo(instance);
                var limits = io.skaler.planner.MachineLimits.limitsFor(1, ns.nodePool().machine());
                assertThat(io.skaler.planner.MachineLimits.admitted(limits, instance)).as(ns.ref().toString())
                        .isEqualTo(1);
            }
        }
    }

    private static String renderedPolicy(Chart.Rendered rendered) {
        JsonNode text = rendered.ofKind("ConfigMap").stream().map(c -> c.at("/data/policy.yaml"))
                .filter(n -> !n.isMissingNode()).findFirst().orElseThrow();
        return text.asText();
    }
}
