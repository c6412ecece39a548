package io.skaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The release the harness says it runs is the one that answers, with exactly the API versions it declares. */
@ExtendWith(RealSlurmExtension.class)
class RealSlurmReleaseRealSlurmTest {

    @Test
    void slurmrestdServesExactlyTheDeclaredVersionsOfTheDeclaredRelease(RealSlurm slurm) throws Exception {
        SlurmRestProbe rest = new SlurmRestProbe(slurm.baseUrl());
        String token = slurm.slurmUserToken();
        for (String v : List.of("v0.0.39", "v0.0.40", "v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45",
                "v0.0.46")) {
            int expected = slurm.release().servedVersions().contains(v) ? 200 : 404;
            assertThat(rest.get("/slurm/" + v + "/ping/", token).status()).as("%s %s", slurm.release(), v)
                    .isEqualTo(expected);
        }
        String newest = slurm.release().servedVersions().get(slurm.release().servedVersions().size() - 1);
        var ping = rest.get("/slurm/" + newest + "/ping/", token).body();
        assertThat(ping.path("meta").path("slurm").path("release").asText()).startsWith(slurm.release().text() + ".");
    }

    /**
     * The one difference the shared slurm.conf writer makes: 26.05 runs slurmctld's OpenMetrics as Slinky's chart
     * configures it (plain HTTP on SlurmctldPort), 24.11 has no such plugin.
     */
    @Test
    void slurmctldServesOpenMetricsOn2605Only(RealSlurm slurm) throws Exception {
        slurm.sbatch("alice", "-p", "gpu-h100", "--array=0-4", "--gres=gpu:h100:1", "--wrap", "sleep 600");
        String config = slurm.scontrol("show", "config");
        if (slurm.release() == RealSlurmRelease.SLURM_24_11) {
            assertThat(config).doesNotContain("metrics/openmetrics");
            return;
        }
        assertThat(config).containsPattern("MetricsType\\s*=\\s*metrics/openmetrics");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI partitions = URI.create(slurm.metricsUrl() + "/partitions");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(partitions).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        // array tasks count one by one in this family
        assertThat(answer.body()).contains("slurm_partition_jobs_pending{partition=\"gpu-h100\"} 5");
    }
}
