package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Reads the top-level {@code last_update} of a jobs answer, written either as the number wrapper
 * {@code {"set":true,"infinite":false,"number":N}} or as a bare number.
 */
final class LastUpdate {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] KEY = "\"last_update\"".getBytes(StandardCharsets.US_ASCII);

    private LastUpdate() {
    }

    /** With the parser on the value's first token; leaves it on the value's last token. */
    static OptionalLong read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return OptionalLong.of(p.getLongValue());
        }
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return OptionalLong.empty();
        }
        boolean set = true;
        boolean infinite = false;
        Long number = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "set" -> set = v == JsonToken.VALUE_TRUE;
                case "infinite" -> infinite = v == JsonToken.VALUE_TRUE;
                case "number" -> number = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                default -> p.skipChildren();
            }
        }
        return set && !infinite && number != null && number > 0 ? OptionalLong.of(number) : OptionalLong.empty();
    }

    /**
     * Finds the last {@code "last_update":} key in the tail of an answer (the envelope comes after the job list) and
     * reads its value. Inside a JSON string the key's quotes would be escaped, so a match is a real key.
     */
    static OptionalLong fromTail(byte[] tail, int length) {
        for (int i = length - KEY.length; i >= 0; i--) {
            if (matchesAt(tail, i)) {
                try {
                    return readAfterColon(tail, i + KEY.length, length);
                } catch (IOException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong readAfterColon(byte[] tail, int from, int length) throws IOException {
        int i = from;
        while (i < length && Character.isWhitespace(tail[i])) {
            i++;
        }
        if (i >= length || tail[i] != ':') {
            return OptionalLong.empty();
        }
        i++;
        while (i < length && Character.isWhitespace(tail[i])) {
            i++;
        }
        if (i < length && tail[i] >= '0' && tail[i] <= '9') {
            // a bare number: Jackson would insist on a space after a root-level number, so read the digits here
            long n = 0;
            int digits = 0;
            while (i < length && tail[i] >= '0' && tail[i] <= '9' && digits < 18) {
                n = n * 10 + (tail[i++] - '0');
                digits++;
            }
            return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
        }
        try (JsonParser p = JSON.createParser(tail, i, length - i)) {
            p.nextToken();
            return read(p);
        }
    }

    private static boolean matchesAt(byte[] buf, int at) {
        for (int k = 0; k < KEY.length; k++) {
            if (buf[at + k] != KEY[k]) {
                return false;
            }
        }
        return true;
    }
}
