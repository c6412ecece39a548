package io.skaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A GPU job with nowhere to run is PENDING with a reason, and slurmrestd v0.0.42 says so to a minted token. */
@ExtendWith(RealSlurmExtension.class)
class PendingGpuJobRealSlurmTest {

    @Test
    void gpuJobSubmittedWithSbatchIsPendingWithAReasonInV0042(RealSlurm slurm) throws Exception {
        long id = slurm.sbatch("alice", "-p", "gpu-h100", "-N", "2", "--gres=gpu:h100:8", "--wrap", "sleep 600");

        JsonNode job = new SlurmRestProbe(slurm.baseUrl()).job(id, slurm.userToken("alice"));

        assertThat(job.path("job_id").asLong()).isEqualTo(id);
        assertThat(strings(job.path("job_state"))).containsExactly("PENDING");
        assertThat(job.path("state_reason").asText()).isNotBlank().isNotEqualTo("None");
        assertThat(job.path("partition").asText()).isEqualTo("gpu-h100");
        assertThat(job.path("user_name").asText()).isEqualTo("alice");
        assertThat(job.path("node_count").path("number").asInt()).isEqualTo(2);
        assertThat(job.path("tres_per_node").asText()).isEqualTo("gres/gpu:h100:8");
    }

    @Test
    void slurmrestdRejectsRequestsWithoutAToken(RealSlurm slurm) throws Exception {
        SlurmRestProbe.Reply reply = new SlurmRestProbe(slurm.baseUrl()).get("/slurm/v0.0.42/jobs", "");

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void theSlurmUserTokenSeesEveryUsersJobs(RealSlurm slurm) throws Exception {
        long alices = slurm.sbatch("alice", "-p", "trn1", "--wrap", "sleep 600");
        long bobs = slurm.sbatch("bob", "-p", "gpu-h100", "--gres=gpu:h100:1", "--wrap", "sleep 600");

        SlurmRestProbe.Reply reply = new SlurmRestProbe(slurm.baseUrl())
                .get("/slurm/v0.0.42/jobs", slurm.slurmUserToken());

        assertThat(reply.status()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        reply.body().path("jobs").forEach(j -> ids.add(j.path("job_id").asLong()));
        assertThat(ids).contains(alices, bobs);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
