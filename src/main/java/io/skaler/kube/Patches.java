package io.skaler.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON merge patches that carry the resourceVersion they were computed from, so the API server refuses them (409)
 * when the object changed in between: optimistic concurrency without server-side apply.
 */
final class Patches {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Patches() {
    }

    static String annotations(String resourceVersion, Map<String, String> annotations) {
        return json(Map.of("metadata", Map.of("resourceVersion", resourceVersion, "annotations", annotations)));
    }

    static String specField(String resourceVersion, String field, Object value) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(field, value);
        return json(Map.of("metadata", Map.of("resourceVersion", resourceVersion), "spec", spec));
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize patch", e);
        }
    }
}
