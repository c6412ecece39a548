package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalLong;

/**
 * A number in an accounting record: plain ({@code "elapsed": 88}) or with flags ({@code "limit": {"set": true,
 * "infinite": false, "number": 5}}), as every data parser v0.0.40-45 writes them.
 */
final class SlurmdbNumber {
    private SlurmdbNumber() {
    }

    /**
     * The value; empty when absent, unset or infinite.
     *
     * @throws IllegalArgumentException naming {@code field} when it is there but no number
     */
    static OptionalLong of(JsonNode n, String field) {
        if (n.isMissingNode() || n.isNull()) {
            return OptionalLong.empty();
        }
        if (n.isIntegralNumber()) {
            return OptionalLong.of(n.asLong());
        }
        if (n.isObject()) {
            if (isInfinite(n) || !n.path("set").asBoolean(true)) {
                return OptionalLong.empty();
            }
            return of(n.path("number"), field);
        }
        if (n.isTextual() && n.asText().strip().matches("-?\\d+")) {
            return OptionalLong.of(Long.parseLong(n.asText().strip()));
        }
        throw new IllegalArgumentException(field + " is not a number");
    }

    /** The value, or empty also when it is no number (for fields that only name a record, never size it). */
    static OptionalLong lenient(JsonNode n) {
        try {
            return of(n, "");
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    static boolean isInfinite(JsonNode n) {
        return n.isObject() && n.path("infinite").asBoolean(false);
    }
}
