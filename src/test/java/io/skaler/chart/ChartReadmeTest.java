package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart README documents every value, so a new value cannot ship undocumented. */
class ChartReadmeTest {
    /** Values whose content is free-form (a policy, a label map, a security context): documented as a whole. */
    static final Set<String> FREE_FORM = Set.of("policy.spec", "resources", "podSecurityContext", "securityContext",
            "networkPolicy.slurmrestd.namespaceSelector", "networkPolicy.slurmrestd.podSelector",
            "networkPolicy.dns.namespaceSelector", "networkPolicy.dns.podSelector", "metrics.dashboard.labels");

    @Test
    void everyValueHasARowInTheReadme() throws IOException {
        String readme = Files.readString(Chart.dir().resolve("README.md"));
        List<String> keys = new ArrayList<>();
        collect(Chart.readYaml(Chart.dir().resolve("values.yaml")), "", keys);

        assertThat(keys).hasSizeGreaterThan(60);
        assertThat(keys).allSatisfy(key -> assertThat(readme).as("README row for %s", key).contains("| `" + key + "` |"));
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        node.properties().forEach(e -> {
            String key = prefix + e.getKey();
            if (e.getValue().isObject() && e.getValue().size() > 0 && !FREE_FORM.contains(key)) {
                collect(e.getValue(), key + ".", out);
            } else {
                out.add(key);
            }
        });
    }
}
