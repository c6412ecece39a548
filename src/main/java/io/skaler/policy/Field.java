package io.skaler.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One place in the policy document, with its path, reading typed values and recording what is wrong instead of
 * throwing, so the whole document is checked in one pass and every error is reported. Absent and {@code null} are the
 * same thing: the default applies (or, for a required field, "required").
 */
final class Field {
    private final JsonNode node;
    private final String path;
    private final List<PolicyError> errors;

    Field(JsonNode node, String path, List<PolicyError> errors) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.errors = errors;
    }

    String path() {
        return path;
    }

    boolean absent() {
        return node.isMissingNode() || node.isNull();
    }

    void error(String reason) {
        errors.add(new PolicyError(path, reason));
    }

    Field get(String key) {
        return new Field(node.isObject() ? node.get(key) : null, childPath(key), errors);
    }

    /**
     * True when this is a mapping; reports a non-mapping, and every key not in {@code allowed} (strict: a typo such as
     * {@code maxReplica} must not silently fall back to a default).
     */
    boolean mapping(Set<String> allowed) {
        if (!isMapping()) {
            return false;
        }
        var it = node.fieldNames();
        while (it.hasNext()) {
            String key = it.next();
            if (!allowed.contains(key)) {
                errors.add(new PolicyError(childPath(key), "unknown field (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
        return true;
    }

    /** True when this is a mapping of free keys (GRES counts, gresResources); reports anything else. */
    boolean isMapping() {
        if (absent()) {
            return false;
        }
        if (!node.isObject()) {
            error("must be a mapping, got " + describe(node));
            return false;
        }
        return true;
    }

    /** The entries of a free-key mapping, in document order; empty when absent or not a mapping. */
    Map<String, Field> entries() {
        var out = new LinkedHashMap<String, Field>();
        if (isMapping()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), new Field(e.getValue(), childPath(e.getKey()), errors)));
        }
        return out;
    }

    /** The items of a sequence; empty when absent (a non-sequence is reported). */
    List<Field> items() {
        var out = new ArrayList<Field>();
        if (absent()) {
            return out;
        }
        if (!node.isArray()) {
            error("must be a list, got " + describe(node));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(new Field(node.get(i), path + "[" + i + "]", errors));
        }
        return out;
    }

    boolean isList() {
        return node.isArray();
    }

    Optional<String> string() {
        if (absent()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error("must be a string, got " + describe(node) + (node.isValueNode() ? " (quote it)" : ""));
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    /** The text when this is a string, without reporting anything (for fields that take a word or another type). */
    Optional<String> text() {
        return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    String describe() {
        return describe(node);
    }

    Optional<String> requiredString() {
        if (absent()) {
            error("required");
        }
        return string();
    }

    /** A YAML boolean ({@code true}/{@code false}); absent gives empty, anything else (also {@code "true"}) is reported. */
    Optional<Boolean> bool() {
        if (absent()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            error("must be true or false, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.booleanValue());
    }

    /** A whole number within [{@code min}, {@code max}]; absent gives empty, anything else is reported. */
    OptionalLong integer(long min, long max) {
        if (absent()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber()) {
            error("must be a whole number, got " + describe(node));
            return OptionalLong.empty();
        }
        if (!node.canConvertToLong()) {
            error("must be at most " + max + ", got " + node.asText());
            return OptionalLong.empty();
        }
        long v = node.longValue();
        if (v < min) {
            error("must be >= " + min + ", got " + v);
            return OptionalLong.empty();
        }
        if (v > max) {
            error("must be at most " + max + ", got " + v);
            return OptionalLong.empty();
        }
        return OptionalLong.of(v);
    }

    /** A Go/Kubernetes duration ({@code 10m}, {@code 1h30m}) of at least {@code min}; a bare {@code 0} is allowed. */
    Optional<Duration> duration(Duration min) {
        if (absent()) {
            return Optional.empty();
        }
        Duration d;
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() == 0) {
            d = Duration.ZERO;
        } else if (!node.isTextual()) {
            error("must be a duration such as 10m, 1h30m, 90s or 500ms, got " + describe(node)
                    + (node.isNumber() ? " (a unit is required)" : ""));
            return Optional.empty();
        } else {
            try {
                d = GoDuration.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
                return Optional.empty();
            }
        }
        if (d.compareTo(min) < 0) {
            error("must be at least " + GoDuration.format(min) + ", got " + node.asText());
            return Optional.empty();
        }
        return Optional.of(d);
    }

    private String childPath(String key) {
        String k = key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        return path.isEmpty() && k.startsWith(".") ? k.substring(1) : path + k;
    }

    static String describe(JsonNode n) {
        if (n.isTextual()) {
            String t = n.textValue();
            return "string \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
        }
        if (n.isNumber()) {
            return "number " + n.asText();
        }
        if (n.isBoolean()) {
            return "boolean " + n.asText();
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return n.getNodeType().name().toLowerCase();
    }
}
