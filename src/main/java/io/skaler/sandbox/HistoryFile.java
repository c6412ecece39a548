package io.skaler.sandbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a real cluster's job history for {@code sandbox --history FILE}: {@code sacct --json} (Slurm 24.11 and 26.05)
 * or slurmrestd's {@code GET /slurmdb/v0.0.40..45/jobs} answer, both {@code {"jobs": [...], "meta": ..., ...}}.
 *
 * <p>The file is streamed: one job record at a time becomes a tree, then a {@link HistoryJob}, so a month of 200,000
 * jobs needs the jobs, not the document, in memory. A record that cannot be replayed is counted under its kind of
 * problem ({@link History#problems()}); a file cut off or broken part-way keeps the jobs read before the break. Only
 * a file that is not such a document at all is refused, with the reason. The components of a het job become one job
 * ({@link HetJobs}).
 */
public final class HistoryFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String EXPECTED = "expected Slurm accounting as sacct --json or GET /slurmdb/v0.0.4x/jobs writes it: "
            + "a JSON object with a \"jobs\" list";

    private HistoryFile() {
    }

    public static History read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the input is not an accounting history at all (the message says why) */
    public static History read(InputStream in) throws IOException {
        var problems = new HistoryProblems();
        List<HistoryJob> jobs = new ArrayList<>();
        var hetJobs = new HetJobs();
        boolean sawJobs = false;
        long index = 0;
        String firstError = "";
        try (JsonParser p = MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object; " + EXPECTED);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("jobs")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException("\"jobs\" is not a list; " + EXPECTED);
                    }
                    sawJobs = true;
                    try {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            index++;
                            JsonNode record = MAPPER.readTree(p);
                            var job = AccountingRecord.read(record, index, problems);
                            var het = record.isObject() ? HetJobs.hetJobId(record) : java.util.OptionalLong.empty();
                            if (het.isPresent()) {
                                hetJobs.add(het.getAsLong(), record, job);
                            } else {
                                job.ifPresent(jobs::add);
                            }
                        }
                    } catch (JsonProcessingException e) {
                        String why = e.getOriginalMessage().lines().findFirst().orElse("");
                        problems.skipped("the file is cut off or not valid JSON at line " + e.getLocation().getLineNr()
                                + " (" + why + "); the rest is not read", "#" + index);
                        break;
                    }
                } else if (field.equals("errors") && value == JsonToken.START_ARRAY) {
                    JsonNode errors = MAPPER.readTree(p);
                    if (!errors.isEmpty()) {
                        JsonNode e = errors.get(0);
                        firstError = e.path("description").asText(e.path("error").asText(e.toString()));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            if (!sawJobs) {
                throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage().lines().findFirst()
                        .orElse("") + "); " + EXPECTED, e);
            }
            // after the jobs list: what was read stands
        }
        if (!sawJobs) {
            throw new IllegalArgumentException("no \"jobs\" list"
                    + (firstError.isEmpty() ? "" : " (the export says: " + firstError + ")") + "; " + EXPECTED);
        }
        jobs.addAll(hetJobs.whole(problems));
        jobs.sort(Comparator.comparing(HistoryJob::submitted)); // stable: equal submit times keep the file's order
        return new History(jobs, problems.list());
    }
}
