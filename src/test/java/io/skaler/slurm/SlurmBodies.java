package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fetches raw slurmrestd answers for the real-Slurm tests with plain java.net.http (the production client is another
 * component's) and runs them through the parsers, the way the loop will: partitions and nodes first, then jobs.
 */
final class SlurmBodies {
    // HTTP/1.1: slurmrestd answers the h2c upgrade request of the default client with a broken 405
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;
    private final ApiVersion version;

    SlurmBodies(URI base, String token, ApiVersion version) {
        this.base = base;
        this.token = token;
        this.version = version;
    }

    /** One consistent read in this version. */
    record Read(List<PendingJob> jobs, List<SlurmNode> nodes, List<SlurmPartition> partitions,
                SlurmAnswer<PendingJob> jobsAnswer) {
        PendingJob job(long id) {
            return jobs.stream().filter(j -> j.jobId() == id).findFirst()
                    .orElseThrow(() -> new AssertionError("job " + id + " not among the pending jobs " + jobs));
        }

        Optional<PendingJob> maybeJob(long id) {
            return jobs.stream().filter(j -> j.jobId() == id).findFirst();
        }

        SlurmNode node(String name) {
            return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("node " + name + " not listed: " + nodes));
        }

        SlurmPartition partition(String name) {
            return partitions.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }
    }

    Read read() throws Exception {
        var partitions = new PartitionsParser().parse(get("partitions?flags=ALL"));
        var nodes = new NodesParser().parse(get("nodes"));
        var ctx = EligibilityContext.of(nodes.items(), partitions.items());
        var jobs = new JobsParser().parse(get("jobs"), ctx);
        return new Read(jobs.items(), nodes.items(), partitions.items(), jobs);
    }

    byte[] get(String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve("/slurm/" + version.text() + "/" + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("X-SLURM-USER-TOKEN", token)
                .GET().build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + request.uri() + ": HTTP " + response.statusCode() + " "
                    + new String(response.body()));
        }
        return response.body();
    }
}
