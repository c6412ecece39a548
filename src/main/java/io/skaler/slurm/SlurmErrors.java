package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls the human text out of an error answer: the {@code errors[]} of slurmrestd's JSON envelope
 * ({@code description}, {@code error}, {@code error_number}), or the first line of a text/plain or HTML body.
 */
final class SlurmErrors {

    static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_TEXT = 300;
    private static final JsonFactory JSON = new JsonFactory();

    private SlurmErrors() {
    }

    /** Reads at most {@link #MAX_ERROR_BODY} bytes; never fails (an unreadable error body just yields nothing). */
    static List<String> from(InputStream body) {
        byte[] bytes;
        try (body) {
            bytes = body.readNBytes(MAX_ERROR_BODY);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return from(bytes);
    }

    static List<String> from(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("{")) {
            try {
                List<String> errors = fromEnvelope(bytes);
                if (!errors.isEmpty()) {
                    return errors;
                }
            } catch (IOException | RuntimeException notJson) {
                // fall through to the plain-text rendering
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text);
    }

    private static List<String> fromEnvelope(byte[] bytes) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(new ByteArrayInputStream(bytes))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("errors".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        out.add(oneError(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    private static String oneError(JsonParser p) throws IOException {
        String description = "";
        String error = "";
        String number = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value.isScalarValue()) {
                switch (field) {
                    case "description" -> description = p.getValueAsString("");
                    case "error" -> error = p.getValueAsString("");
                    case "error_number" -> number = p.getValueAsString("");
                    default -> { }
                }
            } else {
                p.skipChildren();
            }
        }
        StringBuilder sb = new StringBuilder(description.isBlank() ? error : description);
        if (!error.isBlank() && !description.isBlank() && !description.equals(error)) {
            sb.append(" (").append(error).append(')');
        }
        if (!number.isBlank() && !"0".equals(number)) {
            sb.append(" [error ").append(number).append(']');
        }
        return sb.length() == 0 ? "(error without text)" : sb.toString();
    }
}
