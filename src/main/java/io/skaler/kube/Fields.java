package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small, null-safe readers for the untyped parts of custom resources (spec/status maps). */
final class Fields {
    private Fields() {
    }

    static Object at(GenericKubernetesResource r, String... path) {
        Object cur = r.getAdditionalProperties();
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    static Optional<Long> longAt(GenericKubernetesResource r, String... path) {
        Object v = at(r, path);
        if (v instanceof Number n) {
            return Optional.of(n.longValue());
        }
        if (v instanceof String s && !s.isBlank()) {
            try {
                return Optional.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.join(".", path) + ": not an integer: '" + s + "'");
            }
        }
        return Optional.empty();
    }

    static int intAt(GenericKubernetesResource r, int dflt, String... path) {
        return longAt(r, path).map(Math::toIntExact).orElse(dflt);
    }

    static String stringAt(GenericKubernetesResource r, String dflt, String... path) {
        Object v = at(r, path);
        return v == null ? dflt : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> listAt(GenericKubernetesResource r, String... path) {
        Object v = at(r, path);
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** The status ("True"/"False"/"Unknown") and reason of a condition in a conditions list, if present. */
    static Optional<Map<String, Object>> condition(List<Map<String, Object>> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst();
    }

    static Map<String, String> annotations(GenericKubernetesResource r) {
        var a = r.getMetadata() == null ? null : r.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    static Optional<Instant> instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an RFC 3339 time: '" + text + "'");
        }
    }
}
