package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.PendingJob;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What skaler relies on that differs between the Slurm releases it is tested on (24.11 and 26.05), each test asking
 * the running Slurm which release it is: the version negotiated, the stale reason right after submission, slurmctld's
 * own metrics, and which token sees the whole queue.
 */
@ExtendWith(RealSlurmExtension.class)
class SlurmReleaseRealSlurmTest {

    private static Path stateDir(RealSlurm slurm) {
        String state = Optional.ofNullable(System.getenv("SKALER_SLURM_STATE")).orElse("/var/lib/skaler-dev-slurm");
        return Path.of(state, Integer.toString(slurm.port()), "root", "etc", "slurm");
    }

    private static SlurmClient client(RealSlurm slurm, String user) {
        var minter = new JwtMinter(stateDir(slurm).resolve("jwt_hs256.key"), user, Duration.ofMinutes(15),
                Optional.empty(), Clock.systemUTC());
        return new SlurmClient(SlurmClientSettings.of(slurm.baseUrl()), minter, new SimpleMeterRegistry());
    }

    private static List<PendingJob> pending(SlurmClient client) throws SlurmFailure {
        return client.jobs(in -> new JobsParser().parse(in, EligibilityContext.UNKNOWN)).items();
    }

    private static boolean is2605(SlurmClient client) throws SlurmFailure {
        String release = client.jobs(in -> new JobsParser().parse(in, EligibilityContext.UNKNOWN)).meta().release();
        assertThat(release).matches("(24\\.11|26\\.05)\\..*");
        return release.startsWith("26.05");
    }

    @Test
    void negotiation_needs_no_setting_and_never_picks_a_version_that_hides_exclusive_jobs(RealSlurm slurm)
            throws Exception {
        SlurmClient client = client(slurm, "slurm");
        if (is2605(client)) {
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_44);
            assertThat(client.serves(ApiVersion.V0_0_45)).isTrue();
            assertThat(client.serves(ApiVersion.V0_0_41)).as("26.05 dropped v0.0.40/41").isFalse();
            assertThat(client.serves(ApiVersion.V0_0_40)).isFalse();
        } else {
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_42);
        }
        long exclusive = slurm.sbatch("alice", "-p", "gpu-h100", "--exclusive", "--wrap", "sleep 600");
        assertThat(pending(client)).filteredOn(j -> j.jobId() == exclusive).singleElement()
                .satisfies(j -> assertThat(j.exclusive()).isTrue());
        slurm.reset();
    }

    @Test
    void right_after_submission_eligible_time_and_dependency_tell_what_the_reason_does_not_yet(RealSlurm slurm)
            throws Exception {
        SlurmClient client = client(slurm, "slurm");
        long first = slurm.sbatch("alice", "-p", "gpu-h100", "--gres=gpu:h100:8", "--wrap", "sleep 600");
        long later = slurm.sbatch("alice", "-p", "gpu-h100", "--begin=now+1hour", "--wrap", "sleep 600");
        long after = slurm.sbatch("alice", "-p", "gpu-h100", "--dependency=afterok:" + first, "--wrap", "sleep 600");

        List<PendingJob> jobs = pending(client);

        PendingJob begin = jobs.stream().filter(j -> j.jobId() == later).findFirst().orElseThrow();
        assertThat(begin.stateReason()).as("sbatch's reason, or BeginTime after a scheduler pass")
                .isIn("ReqNodeNotAvail", "BeginTime");
        assertThat(Instant.ofEpochSecond(begin.eligibleTime())).isAfter(Instant.now().plusSeconds(3000));
        PendingJob dependent = jobs.stream().filter(j -> j.jobId() == after).findFirst().orElseThrow();
        assertThat(dependent.eligibility().demand()).isFalse();
        assertThat(dependent.eligibility().reason()).isIn("Dependency",
                "dependency afterok:" + first + "(unfulfilled)");
        slurm.reset();
    }

    @Test
    void slurmctlds_own_partition_metric_agrees_with_the_job_list_on_26_05_and_24_11_serves_none(RealSlurm slurm)
            throws Exception {
        SlurmClient client = client(slurm, "slurm");
        URI url = URI.create("http://127.0.0.1:" + (slurm.port() + 1) + "/metrics/partitions");
        SlurmMetricsReader metrics = new SlurmMetricsReader(url, SlurmClientSettings.of(url)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)), new SimpleMeterRegistry());
        if (!is2605(client)) {
            assertThatThrownBy(metrics::readPending).isInstanceOf(SlurmFailure.class);
            return;
        }
        slurm.sbatch("bob", "-p", "gpu-h100", "--array=0-49%4", "--gres=gpu:h100:1", "--wrap", "sleep 600");
        slurm.sbatch("alice", "-p", "gpu-h100", "-H", "--wrap", "sleep 600");
        slurm.sbatch("bob", "-p", "trn1,gpu-h100", "--wrap", "sleep 600");

        PartitionPending said = metrics.readPending();
        var counted = MetricsCrossCheck.pendingPerPartition(pending(client));

        assertThat(said.source()).isEqualTo("slurm_partition_jobs_pending");
        assertThat(said.of("gpu-h100") + said.of("trn1")).as("50 tasks, the held job, the two-partition job once")
                .isEqualTo(52);
        assertThat(new MetricsCrossCheck(new SimpleMeterRegistry()).check(said, counted)).isEmpty();
        slurm.reset();
    }

    @Test
    void an_ordinary_user_sees_every_job_unless_private_data_hides_them_then_the_slurm_user_still_does(
            RealSlurm slurm) throws Exception {
        long bobs = slurm.sbatch("bob", "-p", "gpu-h100", "--wrap", "sleep 600");
        long alices = slurm.sbatch("alice", "-p", "trn1", "--wrap", "sleep 600");
        SlurmClient alice = client(slurm, "alice");
        SlurmClient slurmUser = client(slurm, "slurm");
        assertThat(pending(alice)).extracting(PendingJob::jobId).contains(bobs, alices);

        Path conf = stateDir(slurm).resolve("slurm.conf");
        String original = Files.readString(conf);
        try {
            Files.writeString(conf, original + "PrivateData=jobs\n");
            slurm.scontrol("reconfigure");
            assertThat(slurm.scontrol("show", "config")).containsPattern("PrivateData\\s*=\\s*jobs");

            assertThat(pending(alice)).extracting(PendingJob::jobId).as("silently only her own")
                    .contains(alices).doesNotContain(bobs);
            assertThat(pending(slurmUser)).extracting(PendingJob::jobId).contains(bobs, alices);
        } finally {
            Files.writeString(conf, original);
            slurm.scontrol("reconfigure");
            slurm.reset();
        }
    }
}
