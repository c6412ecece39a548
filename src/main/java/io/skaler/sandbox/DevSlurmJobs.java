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
     * {@code arrayTaskId} is -1 for a plain job; {@code arrayTaskString} the task ids an array's pending record still
     * holds ({@code 1-3%2}), empty otherwise; {@code eligibleTime} its {@code --begin} time, 0 while an
     * {@code afterok} dependency is unfulfilled (docs/upstream.md), else when it became eligible.
     */
    public record Job(long jobId, long arrayJobId, long arrayTaskId, String partition, List<String> states,
            long startTime, int restarts, String reason, String arrayTaskString, long eligibleTime) {
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

        /** Not eligible at {@code epochSecond}: its begin time has not come, or its dependency is unfulfilled. */
        boolean notEligibleAt(long epochSecond) {
            return eligibleTime == 0 || eligibleTime > epochSecond;
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

    /**
     * The records of the jobs submitted as {@code submitted} (array tasks included), one {@code job/{id}} read each:
     * never the whole {@code /jobs} list, which on a queue of 100k other jobs is ~470 MB that slurmrestd builds in
     * memory it does not give back, and would distort what the run measures. A job Slurm no longer knows (purged
     * after MinJobAge) is left out, as the full list left it out.
     */
    public List<Job> jobs(Collection<Long> submitted) throws IOException, InterruptedException {
        var out = new ArrayList<Job>();
        for (long id : submitted) {
            var answer = getOrAbsent("/slurm/v0.0.42/job/" + id);
            if (answer == null) {
                continue;
            }
            for (JsonNode j : answer.path("jobs")) {
                var job = new Job(j.path("job_id").asLong(), number(j.path("array_job_id")),
                        number(j.path("array_task_id")), j.path("partition").asText(), strings(j.path("job_state")),
                        Math.max(0, number(j.path("start_time"))), j.path("restart_cnt").asInt(),
                        j.path("state_reason").asText(), j.path("array_task_string").asText(""),
                        Math.max(0, number(j.path("eligible_time"))));
                if (job.submission() == id) {
                    out.add(job);
                }
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

    /** slurmctld's {@code sdiag} statistics (RPC counts and times by message type and by user). */
    JsonNode diag() throws IOException, InterruptedException {
        return get("/slurm/v0.0.42/diag").path("statistics");
    }

    /** The answer, or null when slurmrestd answers 404 (no such job). */
    private JsonNode getOrAbsent(String path) throws IOException, InterruptedException {
        var response = send(path);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("slurmrestd " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .header("X-SLURM-USER-TOKEN", token.current().orElseThrow().value())
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
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
