package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET jobs/state} says, boiled down to what a poll needs: how many jobs (and array tasks) are in each
 * state and a digest of every (id, state) pair, which changes when any job changes state. The answer is read by hand
 * because every spec version declares the wrong schema for it ({@code job_id} is a string such as {@code "12_3"}).
 *
 * @param total   entries in the answer (each array task counts)
 * @param byState count per base state ({@code PENDING}, {@code RUNNING}, ...)
 * @param digest  order-independent digest of the (job id, state flags) pairs
 */
public record JobStates(int total, Map<String, Integer> byState, long digest) {

    private static final JsonFactory JSON = new JsonFactory();

    public JobStates {
        byState = Map.copyOf(byState);
    }

    public int count(String state) {
        return byState.getOrDefault(state, 0);
    }

    /** A {@link BodyReader} for {@link SlurmClient#jobStates}. */
    public static JobStates read(InputStream body) throws IOException {
        int total = 0;
        long digest = 0;
        Map<String, Integer> byState = new TreeMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            expect(p, p.nextToken() == JsonToken.START_OBJECT, "expected a JSON object");
            boolean sawJobs = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("jobs".equals(field)) {
                    expect(p, value == JsonToken.START_ARRAY, "'jobs' must be an array");
                    sawJobs = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        long entry = entry(p, byState);
                        digest += mix(entry);
                        total++;
                    }
                } else {
                    p.skipChildren();
                }
            }
            expect(p, sawJobs, "answer has no 'jobs' field");
        }
        return new JobStates(total, byState, digest);
    }

    private static long entry(JsonParser p, Map<String, Integer> byState) throws IOException {
        String id = null;
        List<String> states = new ArrayList<>(2);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "job_id" -> {
                    expect(p, v.isScalarValue(), "'job_id' must be a string or number");
                    id = p.getText();
                }
                case "state" -> {
                    if (v == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            states.add(p.getText());
                        }
                        expect(p, p.currentToken() == JsonToken.END_ARRAY, "'state' must be an array of strings");
                    } else {
                        expect(p, v == JsonToken.VALUE_STRING, "'state' must be an array of strings");
                        states.add(p.getText());
                    }
                }
                default -> p.skipChildren();
            }
        }
        expect(p, id != null, "a job entry has no 'job_id'");
        expect(p, !states.isEmpty(), "job " + id + " has no 'state'");
        byState.merge(states.get(0), 1, Integer::sum);
        return fnv1a(id + "=" + String.join("+", states));
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static void expect(JsonParser p, boolean ok, String what) throws JsonParseException {
        if (!ok) {
            throw new JsonParseException(p, "jobs/state answer: " + what);
        }
    }
}
