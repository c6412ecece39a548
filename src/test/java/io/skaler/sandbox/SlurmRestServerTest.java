package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skaler.model.Gres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlurmRestServerTest {
    static final String V42 = "/slurm/v0.0.42/";
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());
    final HttpClient client = HttpClient.newHttpClient();
    final ObjectMapper mapper = new ObjectMapper();
    SlurmRestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new SlurmRestServer(slurm, Optional.of("good-token"), "sandbox").start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(server.uri() + path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-SLURM-USER-TOKEN", token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        var r = send("GET", path, null, "good-token");
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return mapper.readTree(r.body());
    }

    @Test
    void onlyV0042IsServedAndATokenIsRequired() throws Exception {
        assertThat(send("GET", "/slurm/v0.0.44/ping", null, "good-token").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/slurm/v0.0.43/ping", null, "good-token").statusCode()).isEqualTo(404);
        assertThat(send("GET", V42 + "ping", null, null).statusCode()).isEqualTo(401);
        var bad = send("GET", V42 + "ping", null, "forged");
        assertThat(bad.statusCode()).isEqualTo(511);
        assertThat(mapper.readTree(bad.body()).at("/errors/0/error_number").asInt()).isEqualTo(1007);
        var ping = get(V42 + "ping");
        assertThat(ping.at("/pings/0/responding").asBoolean()).isTrue();
        assertThat(ping.at("/meta/plugin/data_parser").asText()).isEqualTo("data_parser/v0.0.42");
        assertThat(ping.at("/meta/slurm/release").asText()).isEqualTo("24.11.5");
    }

    @Test
    void pendingGpuJobHasEveryKeyInRealShapes() throws Exception {
        slurm.submit(Jobs.gpu(4, 8, Duration.ofHours(1)));
        clock.advanceBy(Duration.ofSeconds(2));
        var body = get(V42 + "jobs");
        var job = body.at("/jobs/0");
        assertThat(fieldNames(job)).hasSize(128).contains("priority_by_partition", "required_switches")
                .doesNotContain("exclusive", "oversubscribe", "show_flags", "minimum_switches");
        assertThat(job.get("job_state").isArray()).isTrue();
        assertThat(job.get("job_state").get(0).asText()).isEqualTo("PENDING");
        assertThat(job.get("state_reason").asText()).isEqualTo("Resources");
        assertThat(job.get("node_count").toString()).isEqualTo("{\"set\":true,\"infinite\":false,\"number\":4}");
        assertThat(job.get("array_task_id").toString()).isEqualTo("{\"set\":false,\"infinite\":false,\"number\":0}");
        assertThat(job.get("tres_per_node").asText()).isEqualTo("gres/gpu:h100:8");
        assertThat(job.get("tres_per_task").asText()).isEqualTo("cpu=4");
        assertThat(job.get("tres_req_str").asText()).isEqualTo("cpu=128,mem=2000000M,node=4,billing=128");
        assertThat(job.get("memory_per_cpu").get("set").asBoolean()).isFalse();
        assertThat(job.get("memory_per_node").get("number").asLong()).isEqualTo(500_000);
        assertThat(job.get("job_resources").isNull()).isTrue();
        assertThat(body.at("/last_update/number").asLong()).isEqualTo(clock.epochSecond());
        assertThat(fieldNames(body)).containsExactly("jobs", "last_backfill", "last_update", "meta", "errors",
                "warnings");
    }

    @Test
    void tresPerJobAndPerTaskUseSlurmsTwoSyntaxes() throws Exception {
        var perJob = new JobRequest("j", "u", List.of("gpu-h100"), 2, 2, 1, 1000, Gres.NONE, Gres.of("gpu", 16),
                Gres.NONE, false, "", 0, 0, Duration.ofMinutes(1), Duration.ofMinutes(2), 1, false);
        slurm.submit(perJob);
        slurm.submit(Jobs.array(100, 8, Duration.ofMinutes(5)));
        clock.advanceBy(Duration.ofSeconds(2));
        var jobs = get(V42 + "jobs").get("jobs");
        assertThat(jobs.get(0).get("tres_per_job").asText()).isEqualTo("gres/gpu:16");
        assertThat(jobs.get(1).get("tres_per_task").asText()).isEqualTo("cpu=8,gres/gpu=1");
        assertThat(jobs.get(1).get("array_task_string").asText()).isEqualTo("0-99%8");
        assertThat(jobs.get(1).get("array_max_tasks").get("number").asInt()).isEqualTo(8);
        assertThat(jobs.get(1).get("job_id").asLong()).isEqualTo(jobs.get(1).at("/array_job_id/number").asLong());
    }

    @Test
    void updateTimeAnswersAnEmptyListUntilSomethingChanges() throws Exception {
        slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        clock.advanceBy(Duration.ofSeconds(5));
        long lastUpdate = get(V42 + "jobs").at("/last_update/number").asLong();
        clock.advanceBy(Duration.ofSeconds(5));
        var quiet = get(V42 + "jobs?update_time=" + lastUpdate);
        assertThat(quiet.get("jobs")).isEmpty();
        assertThat(quiet.at("/warnings/0/description").asText()).startsWith("No job changes since update_time");

        slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        var changed = get(V42 + "jobs?update_time=" + lastUpdate);
        assertThat(changed.get("jobs")).as("the full list, not a delta").hasSize(2);
    }

    @Test
    void futureNodesAreHiddenUnlessAskedForAndUpdateTimeOnNodesFails() throws Exception {
        slurm.registerNode("gpu-h100-0", "{\"podName\":\"gpu-h100-0\"}");
        var nodes = get(V42 + "nodes").get("nodes");
        assertThat(nodes).hasSize(1);
        var node = nodes.get(0);
        assertThat(fieldNames(node)).hasSize(57);
        assertThat(node.get("state").toString()).isEqualTo("[\"IDLE\"]");
        assertThat(node.get("gres").asText()).isEqualTo("gpu:h100:8");
        assertThat(node.get("gres_used").asText()).isEqualTo("gpu:h100:0(IDX:N/A)");
        assertThat(node.get("partitions").toString()).isEqualTo("[\"gpu-h100\"]");
        assertThat(node.get("tres").asText()).isEqualTo("cpu=96,mem=1000000M,billing=96,gres/gpu=8,gres/gpu:h100=8");
        assertThat(node.at("/last_busy/set").asBoolean()).isTrue();

        var all = get(V42 + "nodes?flags=FUTURE").get("nodes");
        assertThat(all).hasSize(12);
        assertThat(all.get(1).get("state").toString()).isEqualTo("[\"FUTURE\"]");

        var bug = send("GET", V42 + "nodes?update_time=1", null, "good-token");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(bug.body()).contains("Unable to query partitions");
    }

    @Test
    void partitionsCountRegisteredNodesAndAnswer304WhenUnchanged() throws Exception {
        slurm.registerNode("cpu-0", "");
        clock.advanceBy(Duration.ofSeconds(3));
        var body = get(V42 + "partitions");
        var parts = body.get("partitions");
        assertThat(parts).hasSize(2);
        assertThat(fieldNames(parts.get(0))).hasSize(19);
        assertThat(parts.get(1).get("name").asText()).isEqualTo("cpu");
        assertThat(parts.get(1).at("/nodes/total").asInt()).isEqualTo(1);
        assertThat(parts.get(1).at("/partition/state/0").asText()).isEqualTo("UP");
        long at = body.at("/last_update/number").asLong();
        clock.advanceBy(Duration.ofSeconds(3));
        assertThat(send("GET", V42 + "partitions?update_time=" + at, null, "good-token").statusCode())
                .isEqualTo(304);
    }

    @Test
    void postNodeDrainsResumesAndReturnsToFuture() throws Exception {
        slurm.registerNode("cpu-0", "");
        var drain = send("POST", V42 + "node/cpu-0", "{\"state\":[\"DRAIN\"],\"reason\":\"scale-in\"}", "good-token");
        assertThat(drain.statusCode()).isEqualTo(200);
        var node = get(V42 + "nodes").at("/nodes/0");
        assertThat(node.get("state").toString()).isEqualTo("[\"IDLE\",\"DRAIN\"]");
        assertThat(node.get("reason").asText()).isEqualTo("scale-in");
        assertThat(node.get("reason_set_by_user").asText()).isEqualTo("slurm");

        assertThat(send("POST", V42 + "node/cpu-0", "{\"state\":[\"RESUME\"]}", "good-token").statusCode())
                .isEqualTo(200);
        assertThat(slurm.findNode("cpu-0").orElseThrow().drain()).isFalse();
        var bad = send("POST", V42 + "node/cpu-0", "{\"state\":[\"IDLE\"]}", "good-token");
        assertThat(bad.statusCode()).isEqualTo(500);
        assertThat(mapper.readTree(bad.body()).at("/errors/0/error_number").asInt()).isEqualTo(2028);
        assertThat(send("POST", V42 + "node/cpu-0", "{\"state\":[\"FUTURE\"]}", "good-token").statusCode())
                .isEqualTo(200);
        assertThat(get(V42 + "nodes").get("nodes")).isEmpty();
        assertThat(send("POST", V42 + "node/nope-7", "{\"state\":[\"DRAIN\"]}", "good-token").statusCode())
                .isEqualTo(500);
    }

    @Test
    void jobStateListsEveryArrayTask() throws Exception {
        long id = slurm.submit(Jobs.array(5, 0, Duration.ofMinutes(5)));
        var states = get(V42 + "jobs/state").get("jobs");
        assertThat(states).hasSize(5);
        assertThat(states.get(0).get("job_id").asText()).isEqualTo(id + "_0");
        assertThat(states.get(0).get("state").get(0).asText()).isEqualTo("PENDING");
    }

    @Test
    void runningJobShowsItsNodesAndResources() throws Exception {
        slurm.registerNode("gpu-h100-0", "");
        slurm.registerNode("gpu-h100-1", "");
        slurm.submit(Jobs.gpu(2, 8, Duration.ofHours(1)));
        clock.advanceBy(Duration.ofSeconds(2));
        var job = get(V42 + "jobs").at("/jobs/0");
        assertThat(job.get("job_state").get(0).asText()).isEqualTo("RUNNING");
        assertThat(job.get("nodes").asText()).isEqualTo("gpu-h100-[0-1]");
        assertThat(job.get("partition").asText()).isEqualTo("gpu-h100");
        assertThat(job.at("/job_resources/nodes/count").asInt()).isEqualTo(2);
        assertThat(job.get("gres_detail").get(0).asText()).isEqualTo("gpu:h100:8(IDX:0-7)");
        var node = get(V42 + "nodes").at("/nodes/0");
        assertThat(node.get("state").toString()).isEqualTo("[\"MIXED\"]");
        assertThat(node.get("gres_used").asText()).isEqualTo("gpu:h100:8(IDX:0-7)");
    }

    @Test
    void hostlistCompressesLikeSlurm() {
        assertThat(SlurmJson.hostlist(List.of("a-0", "a-1", "a-3", "b-2"))).isEqualTo("a-[0-1,3],b-2");
        assertThat(SlurmJson.memory(2_048_000)).isEqualTo("2000G");
        assertThat(SlurmJson.memory(2_000_000)).isEqualTo("2000000M");
    }

    static List<String> fieldNames(JsonNode n) {
        var out = new ArrayList<String>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
