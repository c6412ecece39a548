package io.skaler.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates objects against skaler's CRD schemas the way the API server would, since the mock server validates
 * nothing. A structural schema prunes unknown fields silently; here an unknown field is an error instead
 * ({@code additionalProperties: false} wherever the CRD does not preserve unknown fields), which is stricter and is
 * exactly the mistake (a misspelt field skaler thinks it wrote) the check exists to catch.
 */
final class SchemaCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Schema> byGroupKindVersion = new HashMap<>();

    SchemaCheck() {
        var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        for (String file : KubeResources.CRD_FILES) {
            try (var in = SchemaCheck.class.getResourceAsStream(file)) {
                JsonNode crd = new YAMLMapper().readTree(in);
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    JsonNode schema = strict(v.path("schema").path("openAPIV3Schema").deepCopy());
                    var compiled = registry.getSchema(JSON.writeValueAsString(schema), InputFormat.JSON);
                    byGroupKindVersion.put(group + "/" + v.path("name").asText() + "/" + kind, compiled);
                    if (group.equals(KubeNames.SLINKY_GROUP)) {
                        // a Slinky 0.4 cluster (v1alpha1) in the version tests: the fields skaler writes are the same
                        byGroupKindVersion.putIfAbsent(group + "/v1alpha1/" + kind, compiled);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Validation errors of one object (as JSON), empty when it conforms. */
    List<String> errors(String objectJson) {
        try {
            JsonNode obj = withoutNulls(JSON.readTree(objectJson));
            String key = obj.path("apiVersion").asText() + "/" + obj.path("kind").asText();
            Schema schema = byGroupKindVersion.get(key);
            if (schema == null) {
                return List.of("no CRD schema for " + key);
            }
            List<String> out = new ArrayList<>();
            schema.validate(JSON.writeValueAsString(obj), InputFormat.JSON).forEach(e -> out.add(e.toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if ("int32".equals(o.path("format").asText()) && !o.has("maximum")) {
                o.put("maximum", Integer.MAX_VALUE);
                if (!o.has("minimum")) {
                    o.put("minimum", Integer.MIN_VALUE);
                }
            }
            List<String> drop = new ArrayList<>();
            o.fieldNames().forEachRemaining(f -> {
                if (f.startsWith("x-kubernetes-") || f.equals("default")) {
                    drop.add(f);
                }
            });
            drop.forEach(o::remove);
            if (o.has("properties") && !o.has("additionalProperties") && !preserve) {
                o.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strict(it.next().getValue());
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(SchemaCheck::strict);
        }
        return node;
    }

    /** The mock echoes nulls (e.g. {@code status: null}) a real API server never stores. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    withoutNulls(e.getValue());
                }
            });
            nulls.forEach(o::remove);
        } else if (node instanceof ArrayNode a) {
            a.forEach(SchemaCheck::withoutNulls);
        }
        return node;
    }
}
