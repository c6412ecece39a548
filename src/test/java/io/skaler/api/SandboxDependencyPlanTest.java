package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.AnticipatedJob;
import io.skaler.model.ExcludedJob;
import io.skaler.model.Gres;
import io.skaler.model.Plan;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.planner.Planner;
import io.skaler.policy.NodeShape;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import io.skaler.sandbox.JobRequest;
import io.skaler.sandbox.SandboxNodeSet;
import io.skaler.sandbox.SimulatedSlurm;
import io.skaler.sandbox.SlurmRestServer;
import io.skaler.sandbox.VirtualClock;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the sandbox serves for an {@code afterok} chain reads and plans as on the real Slurm (WaitsAheadRealSlurmTest):
 * the dependent job is pending on {@code afterok:ID(unfulfilled)}, the running job's {@code end_time} is its start plus
 * its time limit, and the planner counts the dependent ahead 5 minutes before that end, not 30 minutes before.
 */
class SandboxDependencyPlanTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aDependentOfARunningJobIsCountedAheadWithinTheLookAheadOfItsEndOnly() throws Exception {
        var clock = new VirtualClock(T0);
        var h100 = new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of("h100"));
        var slurm = new SimulatedSlurm(clock, List.of(new SandboxNodeSet("gpu-h100", "gpu-h100", h100, 4, "h100", 0)));
        slurm.registerNode("gpu-h100-0", "");
        long first = slurm.submit(gpu(Duration.ofMinutes(20), Duration.ofMinutes(40)));
        long second = slurm.submitAfterOk(gpu(Duration.ofMinutes(10), Duration.ofMinutes(20)), first);
        clock.advanceBy(Duration.ofSeconds(5));
        try (var server = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start()) {
            var client = new SlurmClient(SlurmClientSettings.of(server.uri()), TokenSource.fixed(new Token("t")),
                    new SimpleMeterRegistry());
            SlurmSnapshot s = new SlurmReader(client, ParseLimits.DEFAULT, Duration.ZERO, Clock.systemUTC())
                    .readSnapshot();
            var dependent = s.pendingJobs().stream().filter(j -> j.jobId() == second).findFirst().orElseThrow();
            assertThat(dependent.dependency()).isEqualTo("afterok:" + first + "(unfulfilled)");
            assertThat(dependent.stateReason()).isEqualTo("Dependency");
            assertThat(dependent.eligibleTime()).isZero();
            var running = s.runningJobs().stream().filter(r -> r.jobId() == first).findFirst().orElseThrow();
            assertThat(running.endKnown()).isTrue();
            assertThat(running.endTime()).as("start + 40m limit").isEqualTo(running.startTime() + 40 * 60);

            Instant end = Instant.ofEpochSecond(running.endTime());
            Policy policy = policy();
            Plan early = Planner.plan(new Snapshot(s, PlanInputs.emptyCluster(policy, T0)), policy,
                    end.minus(Duration.ofMinutes(30)));
            assertThat(early.anticipatedJobs()).extracting(AnticipatedJob::jobId).doesNotContain(second);
            assertThat(early.excludedJobs()).filteredOn(e -> e.jobId() == second).extracting(ExcludedJob::reason)
                    .containsExactly("eligible at " + end + " when job " + first
                            + " ends (in 30m; beyond look-ahead 10m)");
            Plan late = Planner.plan(new Snapshot(s, PlanInputs.emptyCluster(policy, T0)), policy,
                    end.minus(Duration.ofMinutes(5)));
            assertThat(late.anticipatedJobs()).filteredOn(a -> a.jobId() == second).singleElement()
                    .satisfies(a -> assertThat(a.eligibleAt()).isEqualTo(end));
        }
    }

    private static JobRequest gpu(Duration runtime, Duration limit) {
        return new JobRequest("train", "alice", List.of("gpu-h100"), 1, 8, 4, 500_000, Gres.of("gpu:h100", 8),
                Gres.NONE, Gres.NONE, false, "", 0, 0, runtime, limit, 1, false);
    }

    private static Policy policy() throws Exception {
        try (InputStream in = SandboxDependencyPlanTest.class.getResourceAsStream("/slurm/real-26.05/policy.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ((PolicyResult.Valid) PolicyParser.parse(text)).policy();
        }
    }
}
