package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/** Wording of parse failures: Jackson's exceptions and token kinds as a person reads them. */
final class JsonErrors {
    private JsonErrors() {
    }

    /** Turns Jackson's complaint into one naming where and why. */
    static BadAnswerException translate(JsonProcessingException e, String where) {
        String msg = e.getOriginalMessage();
        String reason;
        if (e instanceof StreamConstraintsException) {
            reason = "over the configured limit: " + msg;
        } else if (e instanceof JsonEOFException) {
            reason = "body ends early (truncated JSON): " + msg;
        } else if (e instanceof InputCoercionException) {
            reason = "number out of range: " + msg;
        } else if (msg != null && msg.contains("('<'")) {
            reason = "not JSON: the body looks like an HTML page (" + msg + ")";
        } else {
            reason = "malformed JSON: " + msg;
        }
        var loc = e.getLocation();
        if (loc != null && loc.getByteOffset() >= 0) {
            reason += " at byte " + loc.getByteOffset();
        }
        return new BadAnswerException(where, reason, e);
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
