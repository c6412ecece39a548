package io.skaler.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code GET /slurm/v0.0.42/jobs}, streamed: the full list, or {@code "jobs":[]} with slurmctld's warning
 * when nothing changed since {@code update_time} ({@code (update_time - 1) >= last_job_update}).
 */
public final class JobsDocument {
    private static final JsonFactory JSON = new JsonFactory();

    private JobsDocument() {
    }

    public static void write(OutputStream out, SlurmState state, String cluster, Optional<Long> updateTime)
            throws IOException {
        boolean unchanged = updateTime.isPresent() && updateTime.get() - 1 >= state.jobsLastUpdate();
        var writer = new JobJsonWriter(cluster);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("jobs");
            if (!unchanged) {
                for (var j : state.jobs()) {
                    writer.write(g, j);
                }
            }
            g.writeEndArray();
            SlurmJson.number(g, "last_backfill", state.now());
            SlurmJson.number(g, "last_update", state.now());
            SlurmJson.envelope(g, cluster, List.of(), unchanged
                    ? List.of("No job changes since update_time[" + updateTime.get() + "]") : List.of());
            g.writeEndObject();
        }
    }
}
