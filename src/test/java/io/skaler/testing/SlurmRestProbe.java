package io.skaler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A deliberately small slurmrestd reader for harness tests (the production client lives in io.skaler.slurm). */
final class SlurmRestProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1 only: slurmrestd answers the default h2c upgrade request with a broken "405 NOT ALLOWED".
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    SlurmRestProbe(URI base) {
        this.base = base;
    }

    /** The status, the body as JSON when it is JSON (else a missing node), and the raw text. */
    record Reply(int status, JsonNode body, String text) {
    }

    /** GET {@code path} (e.g. /slurm/v0.0.42/jobs) with the token, or without one when {@code token} is empty. */
    Reply get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json"); // compact JSON needs it
        if (!token.isEmpty()) {
            request.header("X-SLURM-USER-TOKEN", token);
        }
        HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        boolean json = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        JsonNode body = json ? JSON.readTree(response.body()) : JSON.missingNode();
        return new Reply(response.statusCode(), body, response.body());
    }

    /** The one job record of GET /slurm/v0.0.42/job/{id}. */
    JsonNode job(long id, String token) throws IOException, InterruptedException {
        Reply reply = get("/slurm/v0.0.42/job/" + id, token);
        if (reply.status() != 200 || reply.body().path("jobs").size() != 1) {
            throw new IllegalStateException("GET job " + id + ": HTTP " + reply.status() + " " + reply.body());
        }
        return reply.body().path("jobs").get(0);
    }
}
