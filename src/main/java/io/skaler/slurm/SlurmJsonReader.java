package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A thin layer over Jackson's streaming {@link JsonParser} that reads slurmrestd's value shapes (the number wrapper
 * {@code {set, infinite, number}} or a bare number, {@code null}, {@code "Infinity"}; string lists given as arrays or
 * CSV) and turns every problem into a {@link BadAnswerException} naming the JSON pointer of the value.
 * No tree of the body is ever built: values of fields nobody asks for are skipped unread.
 */
final class SlurmJsonReader implements AutoCloseable {
    /** A number Slurm did not set ({@code set:false}, {@code null}, NO_VAL). */
    static final long UNSET = Long.MIN_VALUE;
    /** A number Slurm reports as unlimited ({@code infinite:true}, {@code "Infinity"}). */
    static final long INFINITE = Long.MAX_VALUE;

    private final JsonParser p;
    private final int maxStringLength;

    private SlurmJsonReader(JsonParser p) {
        this.p = p;
        this.maxStringLength = p.streamReadConstraints().getMaxStringLength();
    }

    /** One factory per parser instance: it owns the field-name symbol table that makes repeated names cheap. */
    static JsonFactory factory(ParseLimits limits) {
        var constraints = StreamReadConstraints.builder()
                .maxStringLength(limits.maxStringLength())
                .maxDocumentLength(limits.maxBodyBytes())
                .maxNumberLength(64)
                .maxNestingDepth(64)
                .build();
        return JsonFactory.builder().streamReadConstraints(constraints).build();
    }

    static SlurmJsonReader open(JsonFactory factory, InputStream in) throws IOException {
        return new SlurmJsonReader(factory.createParser(in));
    }

    static SlurmJsonReader open(JsonFactory factory, byte[] body) throws IOException {
        return new SlurmJsonReader(factory.createParser(body));
    }

    JsonToken next() throws IOException {
        return p.nextToken();
    }

    JsonToken token() {
        return p.currentToken();
    }

    String name() throws IOException {
        return p.currentName();
    }

    /** JSON pointer of the current value, e.g. {@code /jobs/3/node_count}. */
    String pointer() {
        String ptr = p.getParsingContext().pathAsPointer().toString();
        return ptr.isEmpty() ? "/" : ptr;
    }

    BadAnswerException bad(String reason) {
        return new BadAnswerException(pointer(), reason);
    }

    /**
     * Skips the current value (and its children, for an object or array) without keeping it. A string is still
     * measured, so an oversized value fails here too instead of passing unnoticed because nobody read it.
     */
    void skip() throws IOException, BadAnswerException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            measure();
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            int depth = 1;
            while (depth > 0) {
                JsonToken n = p.nextToken();
                if (n == null) {
                    return; // the caller's next read reports the truncation
                }
                switch (n) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_STRING -> measure();
                    default -> { }
                }
            }
        }
    }

    private void measure() throws IOException, BadAnswerException {
        int length = p.getTextLength();
        if (length > maxStringLength) {
            throw bad("over the configured limit: string of " + length + " chars, maximum " + maxStringLength);
        }
    }

    void expect(JsonToken expected, String what) throws BadAnswerException {
        if (p.currentToken() != expected) {
            throw bad("expected " + what + ", got " + describe(p.currentToken()));
        }
    }

    /** A string value; {@code null} reads as {@code ""} (Slurm dumps empty strings, never nulls, but be lenient). */
    String string() throws IOException, BadAnswerException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        throw bad("expected a string, got " + describe(t));
    }

    boolean bool() throws IOException, BadAnswerException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw bad("expected true or false, got " + describe(t));
    }

    /**
     * A Slurm integer in any of its shapes: {@code 5}, {@code null}, {@code "Infinity"}, or
     * {@code {"set":true,"infinite":false,"number":5}}. Returns the number, {@link #UNSET} or {@link #INFINITE}.
     */
    long number() throws IOException, BadAnswerException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return wrapped();
        }
        return scalar();
    }

    private long wrapped() throws IOException, BadAnswerException {
        boolean set = true;
        boolean infinite = false;
        long number = UNSET;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "set" -> set = bool();
                case "infinite" -> infinite = bool();
                case "number" -> number = scalar();
                default -> p.skipChildren();
            }
        }
        if (infinite || number == INFINITE) {
            return INFINITE;
        }
        return set ? number : UNSET;
    }

    private long scalar() throws IOException, BadAnswerException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw bad("number " + p.getText() + " is out of range");
            }
            long v = p.getLongValue();
            if (v == UNSET || v == INFINITE) {
                throw bad("number " + v + " is out of range");
            }
            return v;
        }
        if (t == JsonToken.VALUE_NULL) {
            return UNSET;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            if (s.equalsIgnoreCase("Infinity") || s.equalsIgnoreCase("infinite") || s.equalsIgnoreCase("unlimited")) {
                return INFINITE;
            }
            throw bad("expected a number, got the string \"" + abbreviate(s) + "\"");
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            throw bad("expected an integer, got " + p.getText());
        }
        throw bad("expected a number or {set,infinite,number}, got " + describe(t));
    }

    /**
     * A number that must fit a non-negative {@code int}; {@code ifUnset} stands for unset and unlimited values.
     * Slurm's counts are unsigned 16/32-bit, so anything negative or beyond {@code int} is a broken answer.
     */
    int count(int ifUnset) throws IOException, BadAnswerException {
        long v = number();
        if (v == UNSET || v == INFINITE) {
            return ifUnset;
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw bad("count " + v + " is out of range (0.." + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    /** A non-negative 64-bit quantity (memory MB, unix seconds); {@code ifUnset} for unset/unlimited. */
    long quantity(long ifUnset) throws IOException, BadAnswerException {
        long v = number();
        if (v == UNSET || v == INFINITE) {
            return ifUnset;
        }
        if (v < 0) {
            throw bad("value " + v + " must not be negative");
        }
        return v;
    }

    /** A list of strings: a JSON array of strings (Slurm's {@code csv_string}), or one comma-separated string. */
    List<String> strings() throws IOException, BadAnswerException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t == JsonToken.VALUE_STRING) {
            return splitCsv(p.getText());
        }
        if (t != JsonToken.START_ARRAY) {
            throw bad("expected an array of strings, got " + describe(t));
        }
        List<String> out = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw bad("expected a string in the array, got " + describe(p.currentToken()));
            }
            out.add(p.getText());
        }
        return out;
    }

    static List<String> splitCsv(String csv) {
        if (csv.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(4);
        int start = 0;
        while (start <= csv.length()) {
            int comma = csv.indexOf(',', start);
            int end = comma < 0 ? csv.length() : comma;
            String part = csv.substring(start, end).trim();
            if (!part.isEmpty()) {
                out.add(part);
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return out;
    }

    /** Turns Jackson's complaint into one naming where and why. */
    BadAnswerException translate(JsonProcessingException e) {
        return JsonErrors.translate(e, pointer());
    }

    static BadAnswerException translate(JsonProcessingException e, String where) {
        return JsonErrors.translate(e, where);
    }

    static String describe(JsonToken t) {
        return JsonErrors.describe(t);
    }

    static String abbreviate(String s) {
        return JsonErrors.abbreviate(s);
    }

    @Override
    public void close() throws IOException {
        p.close();
    }
}
