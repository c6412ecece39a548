package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skaler.slurm.TokenSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@code --slurm-url} run reads from the real slurmrestd for its report: the run's jobs (finished ones stay
 * listed for MinJobAge, 300 s) and the nodes' states. The run's own reader, apart from skaler's client, so the report
 * does not measure skaler with skaler's eyes. The closed-loop test audits its jobs with it too.
 */
public final class DevSlurmJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One job record (a plain job or one array task) as Slurm shows it; times are epoch seconds, 0 when unset;
     * {@code arrayTaskId} is -1 for a plain job.
     */
    public record Job(long jobId, long arrayJobId, long arrayTaskId, String partition, List<String> states,
            long startTime, int restarts, String reason) {
        boolean finished() {
            return !states.isEmpty() && states.stream().noneMatch(s -> s.equals("PENDING") || s.equals("RUNNING")
                    || s.equals("COMPLETING") || s.equals("CONFIGURING") || s.equals("SUSPENDED"));
        }

        boolean started() {
            return startTime > 0 && !states.contains("PENDING");
        }

        /** Ended by something else than its own end: what a scale-in must never cause. */
        public boolean lost() {
            return states.contains("CANCELLED") || states.contains("NODE_FAIL") || states.contains("REQUEUED")
                    || states.contains("BOOT_FAIL") || restarts > 0;
        }

        /** The job the submission made: the array job for a task. */
        long submission() {
            return arrayJobId > 0 ? arrayJobId : jobId;
        }
    }

    private final URI base;
    private final TokenSource token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // slurmrestd answers an h2c upgrade with headers the JDK rejects
            .connectTimeout(Duration.ofSeconds(5)).build();

    public DevSlurmJobs(URI base, TokenSource token) {
        this.base = base;
        this.token = token;
    }

    /** The records of the jobs submitted as {@code submitted} (array tasks included). */
    public List<Job> jobs(Collection<Long> submitted) throws IOException, InterruptedException {
        var out = new ArrayList<Job>();
        for (JsonNode j : get("/slurm/v0.0.42/jobs").path("jobs")) {
            var job = new Job(j.path("job_id").asLong(), number(j.path("array_job_id")),
                    number(j.path("array_task_id")), j.path("partition").asText(), strings(j.path("job_state")),
                    Math.max(0, number(j.path("start_time"))), j.path("restart_cnt").asInt(),
                    j.path("state_reason").asText());
            if (submitted.contains(job.submission())) {
                out.add(job);
            }
        }
        return out;
    }

    /** Node name to its state flags (IDLE, ALLOCATED, MIXED, DRAIN, ...). */
    Map<String, List<String>> nodeStates() throws IOException, InterruptedException {
        var out = new HashMap<String, List<String>>();
        for (JsonNode n : get("/slurm/v0.0.42/nodes").path("nodes")) {
            out.put(n.path("name").asText(), strings(n.path("state")));
        }
        return out;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .header("X-SLURM-USER-TOKEN", token.current().orElseThrow().value())
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("slurmrestd " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static List<String> strings(JsonNode n) {
        var out = new ArrayList<String>();
        n.forEach(s -> out.add(s.asText()));
        return List.copyOf(out);
    }

    /** slurmrestd writes numbers as {@code {set, infinite, number}} objects or plain numbers; unset is -1. */
    private static long number(JsonNode n) {
        if (n.isNumber()) {
            return n.asLong();
        }
        return n.path("set").asBoolean(false) ? n.path("number").asLong() : -1;
    }
}
