package io.skaler.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-run audit, from Slurm itself: every job of the run as slurmrestd lists it (finished jobs stay listed for
 * MinJobAge, 300 s; there is no slurmdbd for sacct). Read directly with an HTTP client of the test, not skaler's.
 */
final class SlurmJobAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One job (one array task) as Slurm ended it. */
    record JobEnd(long jobId, String arrayTask, List<String> states, int restarts, String reason) {
        boolean lost() {
            return states.contains("CANCELLED") || states.contains("NODE_FAIL") || states.contains("REQUEUED")
                    || states.contains("BOOT_FAIL") || restarts > 0;
        }

        boolean completed() {
            return states.equals(List.of("COMPLETED"));
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // slurmrestd answers an h2c upgrade with headers the JDK rejects
            .connectTimeout(Duration.ofSeconds(5)).build();

    SlurmJobAudit(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The jobs whose id (or array job id) is one of {@code submitted}, keyed by "id" or "arrayId_task". */
    Map<String, JobEnd> jobs(Collection<Long> submitted) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve("/slurm/v0.0.42/jobs"))
                .header("X-SLURM-USER-TOKEN", token).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).GET().build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("slurmrestd jobs answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, JobEnd> out = new TreeMap<>();
        for (JsonNode job : JSON.readTree(response.body()).path("jobs")) {
            long id = job.path("job_id").asLong();
            long arrayId = number(job.path("array_job_id"));
            if (!submitted.contains(id) && !submitted.contains(arrayId)) {
                continue;
            }
            List<String> states = new ArrayList<>();
            job.path("job_state").forEach(s -> states.add(s.asText()));
            long task = number(job.path("array_task_id"));
            String key = arrayId > 0 && task >= 0 ? arrayId + "_" + task : Long.toString(id);
            out.put(key, new JobEnd(id, task >= 0 ? Long.toString(task) : "", List.copyOf(states),
                    job.path("restart_cnt").asInt(), job.path("state_reason").asText()));
        }
        return out;
    }

    /** slurmrestd writes numbers as {@code {set, infinite, number}} objects or plain numbers; unset is -1. */
    private static long number(JsonNode n) {
        if (n.isNumber()) {
            return n.asLong();
        }
        return n.path("set").asBoolean(false) ? n.path("number").asLong() : -1;
    }
}
