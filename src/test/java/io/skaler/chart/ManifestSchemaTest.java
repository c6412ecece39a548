package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every object the chart renders, with default and with full values, is valid against the schema of its kind. */
class ManifestSchemaTest {

    @Test
    void defaultRenderingIsValid() {
        assertAllValid(Chart.defaults());
    }

    @Test
    void fullRenderingIsValid() {
        assertAllValid(Chart.full());
    }

    @Test
    void aMisspeltFieldIsCaught() {
        ObjectNode deployment = Chart.defaults().one("Deployment").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolice", "Always");

        assertThat(KindSchemas.violations(deployment)).anySatisfy(v -> assertThat(v).contains("imagePullPolice"));
    }

    @Test
    void aWrongTypeAndAnOutOfRangePortAreCaught() {
        ObjectNode deployment = Chart.defaults().one("Deployment").deepCopy();
        ((ObjectNode) deployment.at("/spec")).put("replicas", "two");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", 70000);

        assertThat(KindSchemas.violations(deployment))
                .anySatisfy(v -> assertThat(v).contains("replicas"))
                .anySatisfy(v -> assertThat(v).contains("containerPort"));
    }

    @Test
    void aMissingRequiredFieldAndABadVerbAreCaught() {
        ObjectNode role = Chart.defaults().ofKind("ClusterRole").get(0).deepCopy();
        ((ObjectNode) role.at("/rules/0")).putArray("verbs").add("escalate-everything");
        ((ObjectNode) role.at("/metadata")).remove("name");

        assertThat(KindSchemas.violations(role))
                .anySatisfy(v -> assertThat(v).contains("verbs"))
                .anySatisfy(v -> assertThat(v).contains("name"));
    }

    private static void assertAllValid(Chart.Rendered rendered) {
        assertThat(rendered.docs()).isNotEmpty();
        for (JsonNode doc : rendered.docs()) {
            List<String> violations = KindSchemas.violations(doc);
            assertThat(violations).as("%s %s", doc.path("kind").asText(), doc.at("/metadata/name").asText()).isEmpty();
        }
    }
}
