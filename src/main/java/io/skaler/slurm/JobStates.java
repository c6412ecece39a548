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
 * What {@code GET jobs/state} says (about 37 bytes per job, against about 5 KB in {@code GET jobs}), boiled down to what
 * the incremental job view needs: how many jobs (and array tasks) are in each state, a digest of every (id, state)
 * pair, and per job the same digest over its own entries, which moves when any of its tasks or components starts,
 * ends or appears. The answer is read by hand because every spec version declares the wrong schema for it
 * ({@code job_id} is a string such as {@code "12_3"}, {@code "12_[4-9]"} or {@code "12+1"}).
 *
 * @param total   entries in the answer (each array task counts)
 * @param byState count per base state ({@code PENDING}, {@code RUNNING}, ...)
 * @param digest  order-independent digest of the (job id, state flags) pairs
 * @param jobs    per job (the id before {@code _} or {@code +}: the array or het job as a whole), what it shows
 */
public record JobStates(int total, Map<String, Integer> byState, long digest, Map<Long, Job> jobs) {

    /**
     * One job's entries in the answer.
     *
     * @param digest  order-independent digest of its (entry id, state flags) pairs
     * @param pending whether any of its entries is PENDING (an array's pending tasks, a pending component)
     * @param running whether any of its entries is RUNNING or SUSPENDED (as a whole read counts a job running)
     */
    public record Job(long digest, boolean pending, boolean running) { }

    private static final JsonFactory JSON = new JsonFactory();

    public JobStates {
        byState = Map.copyOf(byState);
        jobs = java.util.Collections.unmodifiableMap(jobs);
    }

    /** The largest job id in the answer, 0 when it lists none. */
    public long highestJobId() {
        long max = 0;
        for (long id : jobs.keySet()) {
            max = Math.max(max, id);
        }
        return max;
    }

    public int count(String state) {
        return byState.getOrDefault(state, 0);
    }

    /** A {@link BodyReader} for {@link SlurmClient#jobStates}. */
    public static JobStates read(InputStream body) throws IOException {
        int total = 0;
        long digest = 0;
        Map<String, Integer> byState = new TreeMap<>();
        Map<Long, Job> jobs = new java.util.HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>(); // a filtered answer may list an entry twice
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
                        Entry entry = entry(p, byState, seen);
                        if (entry == null) {
                            continue;
                        }
                        long mixed = mix(entry.digest());
                        digest += mixed;
                        jobs.merge(entry.job(), new Job(mixed, entry.pending(), entry.running()),
                                (a, b) -> new Job(a.digest() + b.digest(), a.pending() || b.pending(),
                                        a.running() || b.running()));
                        total++;
                    }
                } else {
                    p.skipChildren();
                }
            }
            expect(p, sawJobs, "answer has no 'jobs' field");
        }
        return new JobStates(total, byState, digest, jobs);
    }

    private record Entry(long job, long digest, boolean pending, boolean running) { }

    private static Entry entry(JsonParser p, Map<String, Integer> byState, java.util.Set<String> seen)
            throws IOException {
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
        if (!seen.add(id)) {
            return null;
        }
        byState.merge(states.get(0), 1, Integer::sum);
        return new Entry(jobOf(p, id), fnv1a(id + "=" + String.join("+", states)), "PENDING".equals(states.get(0)),
                states.contains("RUNNING") || states.contains("SUSPENDED"));
    }

    /**
     * The record's own job id: {@code "12"}; {@code "12_3"} (a pending task of array 12, or a task split off an
     * array, which shows its own id, not the array's); {@code "12+1"} (het component whose own id is 12). Measured on
     * Slurm 26.05.5 (docs/upstream.md).
     */
    private static long jobOf(JsonParser p, String id) throws JsonParseException {
        int end = 0;
        while (end < id.length() && Character.isDigit(id.charAt(end))) {
            end++;
        }
        expect(p, end > 0 && end <= 18, "job_id '" + id + "' does not start with a job number");
        return Long.parseLong(id, 0, end, 10);
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
