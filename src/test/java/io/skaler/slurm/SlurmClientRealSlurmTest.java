package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmSnapshot;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real Slurm (24.11: v0.0.40-42; 26.05: v0.0.42-45; JWT auth). */
@ExtendWith(RealSlurmExtension.class)
class SlurmClientRealSlurmTest {
    private static final Duration QUIET_READ_WAIT = Duration.ofSeconds(60); // a ceiling, never a pace

    @TempDir
    Path dir;

    /** The instance's own HS256 key, where deploy/dev/slurm/start writes it (STATE_BASE/PORT/root/etc/slurm). */
    private static Path jwtKey(RealSlurm slurm) {
        String state = Optional.ofNullable(System.getenv("SKALER_SLURM_STATE")).orElse("/var/lib/skaler-dev-slurm");
        return Path.of(state, Integer.toString(slurm.port()), "root", "etc", "slurm", "jwt_hs256.key");
    }

    private static JwtMinter minter(RealSlurm slurm, String user) {
        return new JwtMinter(jwtKey(slurm), user, Duration.ofMinutes(15), Optional.empty(), Clock.systemUTC());
    }

    private static SlurmClient client(RealSlurm slurm, TokenSource tokens, Optional<ApiVersion> pinned) {
        SlurmClientSettings settings = SlurmClientSettings.of(slurm.baseUrl());
        if (pinned.isPresent()) {
            settings = settings.withPinnedVersion(pinned.get());
        }
        return new SlurmClient(settings, tokens, new SimpleMeterRegistry());
    }

    @Test
    void negotiation_picks_v0_0_42_on_24_11_and_v0_0_44_on_26_05_with_a_minted_slurm_user_token(RealSlurm slurm)
            throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.baseUrl()), minter(slurm, "slurm"), registry);

        if (client.serves(ApiVersion.V0_0_45)) { // 26.05
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_44);
            assertThat(client.serves(ApiVersion.V0_0_40)).isFalse();
            assertThat(registry.get("skaler.slurmrestd.api.version").tag("version", "v0.0.44").gauge().value())
                    .isEqualTo(1.0);
            return;
        }
        assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_42);

        assertThat(client.serves(ApiVersion.V0_0_44)).isFalse();
        assertThat(client.serves(ApiVersion.V0_0_40)).isTrue();
        assertThat(registry.get("skaler.slurmrestd.api.version").tag("version", "v0.0.42").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("skaler.slurmrestd.requests").tags("endpoint", "ping", "version", "v0.0.44", "status", "404")
                .counter().count()).isEqualTo(2.0);
    }

    @Test
    void an_ordinary_users_token_reads_everything_skaler_needs_when_private_data_is_unset(RealSlurm slurm)
            throws Exception {
        long bobs = slurm.sbatch("bob", "-p", "gpu-h100", "-N", "2", "--gres=gpu:h100:8", "--wrap", "sleep 600");
        SlurmReader asAlice = new SlurmReader(client(slurm, minter(slurm, "alice"), Optional.empty()),
                ParseLimits.DEFAULT, Duration.ofMinutes(10), Clock.systemUTC());

        SlurmSnapshot seen = asAlice.readSnapshot();

        assertThat(seen.pendingJobs()).extracting(PendingJob::jobId).as("another user's job").contains(bobs);
        assertThat(seen.nodes()).extracting(SlurmNode::name).contains("cpu-0");
        assertThat(seen.nodes()).as("the FUTURE placeholders too")
                .anyMatch(n -> n.partitions().contains("gpu-h100") && n.state().future());
        assertThat(seen.partitions()).extracting(p -> p.name()).contains("cpu", "gpu-h100", "trn1");
    }

    @Test
    void no_token_is_a_401_auth_failure(RealSlurm slurm) {
        SlurmClient client = client(slurm, TokenSource.none(), Optional.of(ApiVersion.V0_0_42));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> assertThat(f.status()).isEqualTo(401));
    }

    @Test
    void a_garbage_token_and_a_token_signed_with_another_key_are_511_auth_failures(RealSlurm slurm) throws Exception {
        Path garbage = dir.resolve("garbage");
        Files.writeString(garbage, "not-a-jwt-at-all");
        Path otherKey = dir.resolve("other.key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(otherKey, key);

        for (TokenSource tokens : List.of(new TokenFile(garbage, Optional.empty()),
                new JwtMinter(otherKey, "slurm", Duration.ofMinutes(5), Optional.empty(), Clock.systemUTC()))) {
            SlurmClient client = client(slurm, tokens, Optional.of(ApiVersion.V0_0_42));
            assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                    .isInstanceOfSatisfying(AuthFailure.class, f -> {
                        assertThat(f.status()).isEqualTo(511);
                        assertThat(f.getMessage()).doesNotContain("not-a-jwt-at-all");
                    });
        }
    }

    @Test
    void a_user_name_header_that_does_not_match_the_token_is_an_auth_failure(RealSlurm slurm) {
        JwtMinter aliceAsBob = new JwtMinter(jwtKey(slurm), "alice", Duration.ofMinutes(5), Optional.of("bob"),
                Clock.systemUTC());
        SlurmClient client = client(slurm, aliceAsBob, Optional.of(ApiVersion.V0_0_42));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> assertThat(f.status()).isEqualTo(511));
    }

    @Test
    void update_time_gives_no_change_when_nothing_changed_in_every_served_version(RealSlurm slurm) throws Exception {
        slurm.sbatch("alice", "-p", "gpu-h100", "-N", "2", "--gres=gpu:h100:8", "--wrap", "sleep 600");
        SlurmClient probe = client(slurm, minter(slurm, "slurm"), Optional.empty());
        List<ApiVersion> served = java.util.Arrays.stream(ApiVersion.values()).filter(v -> {
            try {
                return probe.serves(v);
            } catch (SlurmFailure e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(served).hasSizeGreaterThanOrEqualTo(3);
        for (ApiVersion v : served) {
            SlurmClient client = client(slurm, minter(slurm, "slurm"), Optional.of(v));
            ChangeDetector<Integer> detector = new ChangeDetector<>(client, Duration.ofMinutes(10), Clock.systemUTC());
            BodyReader<Integer> count = in -> new JobsParser().parse(in, EligibilityContext.UNKNOWN).items().size();

            ChangeDetector.JobsRead<Integer> first = detector.read(count);
            assertThat(first.changed()).as(v + " first read").isTrue();
            assertThat(first.jobs()).isEqualTo(1);
            assertThat(first.lastUpdate()).as(v + " last_update").isPresent();
            // slurmctld compares in whole seconds ((update_time - 1) >= last change), and its scheduler may touch the
            // job between two reads: a quiet read must come, tries a second apart (the ceiling is for a loaded
            // machine, whose slow reads make a window that the scheduler touches more likely)
            boolean sawNoChange = false;
            long quietDeadline = System.nanoTime() + QUIET_READ_WAIT.toNanos();
            while (!sawNoChange && System.nanoTime() < quietDeadline) {
                Thread.sleep(1_100);
                sawNoChange = !detector.read(count).changed();
            }
            assertThat(sawNoChange).as(v + ": an unchanged queue answers 'no change' to update_time").isTrue();

            slurm.sbatch("bob", "-p", "trn1", "--wrap", "sleep 600");
            ChangeDetector.JobsRead<Integer> afterSubmit = detector.read(count);
            assertThat(afterSubmit.changed()).as(v + " after a submission").isTrue();
            assertThat(afterSubmit.jobs()).isEqualTo(first.jobs() + 1);
            slurm.reset();
            slurm.sbatch("alice", "-p", "gpu-h100", "-N", "2", "--gres=gpu:h100:8", "--wrap", "sleep 600");
        }
    }

    @Test
    void nodes_are_read_without_update_time_and_include_the_future_placeholders(RealSlurm slurm) throws Exception {
        SlurmClient client = client(slurm, minter(slurm, "slurm"), Optional.empty());

        List<SlurmNode> nodes = client.nodes(in -> new NodesParser().parse(in)).items();

        assertThat(nodes).extracting(SlurmNode::name).contains("cpu-0", RealSlurm.gpuNode(0), RealSlurm.trnNode(7));
        assertThat(nodes).filteredOn(n -> n.name().equals(RealSlurm.gpuNode(0))).singleElement()
                .satisfies(n -> assertThat(n.state().future()).isTrue());
    }

    @Test
    void jobs_state_counts_pending_jobs_and_array_tasks(RealSlurm slurm) throws Exception {
        slurm.sbatch("alice", "-p", "gpu-h100", "--gres=gpu:h100:8", "--wrap", "sleep 600");
        slurm.sbatch("alice", "-p", "gpu-h100", "--gres=gpu:h100:8", "--array=0-3", "--wrap", "sleep 600");
        SlurmClient client = client(slurm, minter(slurm, "slurm"), Optional.empty());

        JobStates states = client.jobStates(JobStates::read);

        // the pending array is listed task by task; jobs cancelled by earlier tests stay listed for MinJobAge
        assertThat(states.count("PENDING")).isEqualTo(1 + 4);
        assertThat(states.total()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void a_snapshot_reads_jobs_nodes_and_partitions_and_rereads_jobs_only_after_a_change(RealSlurm slurm) throws Exception {
        long id = slurm.sbatch("alice", "-p", "gpu-h100", "-N", "2", "--gres=gpu:h100:8", "--wrap", "sleep 600");
        SlurmReader reader = new SlurmReader(client(slurm, minter(slurm, "slurm"), Optional.empty()),
                ParseLimits.DEFAULT, Duration.ofMinutes(10), Clock.systemUTC());

        SlurmSnapshot first = reader.readSnapshot();

        assertThat(first.apiVersion()).isIn("v0.0.42", "v0.0.44"); // 24.11, 26.05
        assertThat(first.pendingJobs()).extracting(PendingJob::jobId).containsExactly(id);
        assertThat(first.pendingJobs().get(0).minNodes()).isEqualTo(2);
        assertThat(first.partitions()).extracting(p -> p.name()).contains("cpu", "gpu-h100", "trn1");
        assertThat(first.nodes()).extracting(SlurmNode::name).contains("cpu-0");
        assertThat(reader.jobsReread()).isTrue();
        // three answers were streamed and parsed: the cycle's parse phase is that time, and part of the whole read
        assertThat(reader.lastParseTime()).isPositive();
        boolean keptPrevious = false;
        long quietDeadline = System.nanoTime() + QUIET_READ_WAIT.toNanos();
        while (!keptPrevious && System.nanoTime() < quietDeadline) {
            Thread.sleep(1_100); // slurmctld's change test has a one-second granularity
            SlurmSnapshot again = reader.readSnapshot();
            keptPrevious = !reader.jobsReread();
            assertThat(again.pendingJobs()).extracting(PendingJob::jobId).containsExactly(id);
        }
        assertThat(keptPrevious).as("an unchanged queue is not re-read").isTrue();
    }
}
