package io.skaler.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON merge patches that carry the resourceVersion they were computed from, so the API server refuses them (409)
 * when the object changed in between: optimistic concurrency without server-side apply. Removing keys is a JSON patch
 * (RFC 6902) whose first operation tests the resourceVersion, for the same guarantee.
 */
final class Patches {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Patches() {
    }

    static String annotations(String resourceVersion, Map<String, String> annotations) {
        return json(Map.of("metadata", Map.of("resourceVersion", resourceVersion, "annotations", annotations)));
    }

    /** Removes these annotations (each must exist: the caller read the object and lists only those present). */
    static String removeAnnotations(String resourceVersion, Collection<String> keys) {
        List<Map<String, Object>> ops = new ArrayList<>();
        ops.add(Map.of("op", "test", "path", "/metadata/resourceVersion", "value", resourceVersion));
        for (String key : keys) {
            ops.add(Map.of("op", "remove", "path", "/metadata/annotations/"
                    + key.replace("~", "~0").replace("/", "~1")));
        }
        return json(ops);
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
