package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates rendered objects against src/test/resources/k8s-schemas/kinds.yaml (json-schema-validator, draft 4). */
final class KindSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SOURCE = Chart.readYaml(
            Chart.projectDir().resolve("src/test/resources/k8s-schemas/kinds.yaml"));
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static final Map<String, Schema> BY_KIND = new ConcurrentHashMap<>();

    private KindSchemas() {
    }

    static boolean knows(String kind) {
        return SOURCE.path("kinds").has(schemaKind(kind));
    }

    /** A Role is a ClusterRole's rules in one namespace; the same holds for their bindings. */
    private static String schemaKind(String kind) {
        return switch (kind) {
            case "Role" -> "ClusterRole";
            case "RoleBinding" -> "ClusterRoleBinding";
            default -> kind;
        };
    }

    /** The violations of {@code doc}, each as "where: what"; empty when valid. */
    static List<String> violations(JsonNode doc) {
        String kind = doc.path("kind").asText();
        if (!knows(kind)) {
            return List.of("no schema for kind '" + kind + "'");
        }
        try {
            return BY_KIND.computeIfAbsent(kind, KindSchemas::load)
                    .validate(JSON.writeValueAsString(doc), InputFormat.JSON).stream()
                    .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema load(String kind) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-04/schema#");
        schema.set("definitions", SOURCE.path("definitions"));
        schema.setAll((ObjectNode) SOURCE.path("kinds").path(schemaKind(kind)));
        try {
            return REGISTRY.getSchema(JSON.writeValueAsString(schema), InputFormat.JSON);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
