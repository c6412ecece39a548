package io.skaler.testing;

import static io.skaler.testing.PendingGpuJobRealSlurmTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.sandbox.DevSlurmScripts.DevSlurmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bringing a NodeSet's node up lets pending work run; taking it down returns it to the hidden FUTURE pool. */
@ExtendWith(RealSlurmExtension.class)
class NodeLifecycleRealSlurmTest {

    private static final String NODE = RealSlurm.gpuNode(0);
    private static final Duration SCHEDULING_WAIT = Duration.ofSeconds(180); // a ceiling, never a pace

    @Test
    void nodeUpRunsThePendingJobAndNodeDownReturnsTheNodeToFuture(RealSlurm slurm) throws Exception {
        SlurmRestProbe rest = new SlurmRestProbe(slurm.baseUrl());
        String token = slurm.slurmUserToken();
        long id = slurm.sbatch("bob", "-p", "gpu-h100", "-N", "1", "--gres=gpu:h100:8", "--wrap", "sleep 600");
        assertThat(strings(rest.job(id, token).path("job_state"))).containsExactly("PENDING");

        slurm.nodeUp(NODE);

        JsonNode running = awaitState(rest, id, token, "RUNNING");
        assertThat(running.path("nodes").asText()).isEqualTo(NODE);
        assertThat(node(rest, "/slurm/v0.0.42/nodes", token)).isPresent();

        slurm.nodeDown(NODE);

        assertThat(strings(rest.job(id, token).path("job_state"))).containsExactly("CANCELLED");
        assertThat(node(rest, "/slurm/v0.0.42/nodes", token)).as("hidden from /nodes").isEmpty();
        JsonNode future = node(rest, "/slurm/v0.0.42/nodes?flags=FUTURE", token).orElseThrow();
        assertThat(strings(future.path("state"))).contains("FUTURE");
    }

    @Test
    void aDynamicNodeJoinsThePartitionOfItsNodeSetAndLeavesAgain(RealSlurm slurm) throws Exception {
        SlurmRestProbe rest = new SlurmRestProbe(slurm.baseUrl());
        String token = slurm.slurmUserToken();
        String dynamic = RealSlurm.gpuNode(20); // past the 16 placeholders

        slurm.nodeUp(dynamic);

        JsonNode joined = find(rest.get("/slurm/v0.0.42/nodes", token).body(), dynamic).orElseThrow();
        assertThat(strings(joined.path("partitions"))).containsExactly("gpu-h100");
        // slurm-operator's slurmd registers with its Slurm Nodeset's name as a feature, which selects the partition
        assertThat(strings(joined.path("features"))).contains(RealSlurm.GPU_SLURM_NODESET);
        assertThat(joined.path("gres").asText()).isEqualTo("gpu:h100:8");

        slurm.nodeDown(dynamic);

        assertThat(find(rest.get("/slurm/v0.0.42/nodes?flags=FUTURE", token).body(), dynamic)).isEmpty();
    }

    @Test
    void theNodeScriptsTakeSlurmNodeNamesAndRefuseAPodName(RealSlurm slurm) {
        // Slinky's pod slurm-worker-gpu-h100-0 is Slurm node gpu-h100-0: the scripts speak Slurm
        assertThatThrownBy(() -> slurm.nodeUp(RealSlurm.GPU_NODESET + "-0"))
                .isInstanceOf(DevSlurmException.class).hasMessageContaining("is a pod name")
                .hasMessageContaining(RealSlurm.gpuNode(0));
        assertThat(slurm.scontrol("--future", "show", "node", RealSlurm.gpuNode(0))).contains("State=FUTURE");
    }

    private static JsonNode awaitState(SlurmRestProbe rest, long id, String token, String state) throws Exception {
        Instant deadline = Instant.now().plus(SCHEDULING_WAIT);
        JsonNode job = rest.job(id, token);
        while (!strings(job.path("job_state")).contains(state) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            job = rest.job(id, token);
        }
        assertThat(strings(job.path("job_state"))).as("job %d state (reason %s)", id, job.path("state_reason"))
                .contains(state);
        return job;
    }

    private static Optional<JsonNode> node(SlurmRestProbe rest, String path, String token) throws Exception {
        SlurmRestProbe.Reply reply = rest.get(path, token);
        assertThat(reply.status()).as("GET %s", path).isEqualTo(200);
        return find(reply.body(), NODE);
    }

    private static Optional<JsonNode> find(JsonNode body, String name) {
        for (JsonNode n : body.path("nodes")) {
            if (n.path("name").asText().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
