package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.PendingJob;
import io.skaler.model.Plan;
import io.skaler.model.Reservation;
import io.skaler.model.RunningJob;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.planner.Planner;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import io.skaler.slurm.IncrementalJobs;
import io.skaler.slurm.JwtMinter;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 on the real Slurm (24.11 and 26.05): a job waiting for a reservation that starts on placeholder nodes and
 * a job waiting for a running job with a time limit are read (the reservation from {@code /reservations}, the running
 * job's {@code end_time}) and planned as demand 5 minutes before they become eligible, not 30 minutes before; a
 * reservation on a node that exists, a dependency on an unlimited running job and one on a pending job stay out. The
 * reasons are in the plan as {@code /api/v1/plan} shows it. Read incrementally (as a large queue is), the snapshot
 * gives the planner the same running jobs and the dependency is still counted ahead.
 */
@ExtendWith(RealSlurmExtension.class)
class WaitsAheadRealSlurmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reservationAndDependencyWaitsAreCountedFiveMinutesAheadNotThirty(RealSlurm slurm) throws Exception {
        slurm.reset();
        try {
            run(slurm);
        } finally {
            slurm.reset();
            for (String r : List.of("skaler-soon", "skaler-here")) {
                deleteReservation(slurm, r);
            }
        }
    }

    private void run(RealSlurm slurm) throws Exception {
        // both run on cpu-0 (2 CPUs) before the reservation there is made (IGNORE_JOBS lets it overlap them)
        long limited = slurm.sbatch("alice", "-p", "cpu", "-c", "1", "-t", "20", "--wrap", "sleep 1200");
        long unlimited = slurm.sbatch("alice", "-p", "cpu", "-c", "1", "--wrap", "sleep 1200");
        SlurmReader reader = reader(slurm, Integer.MAX_VALUE);
        awaitSnapshot(reader, s -> s.pendingJobs().stream().noneMatch(j -> j.jobId() == limited
                || j.jobId() == unlimited), "both cpu jobs to start");

        slurm.scontrol("create", "reservation", "ReservationName=skaler-soon", "StartTime=now+10minutes",
                "Duration=60", "Users=alice", "Nodes=" + RealSlurm.gpuNode(0));
        slurm.scontrol("create", "reservation", "ReservationName=skaler-here", "StartTime=now+10minutes",
                "Duration=60", "Users=alice", "Nodes=cpu-0", "Flags=IGNORE_JOBS");
        long onPlaceholder = slurm.sbatch("alice", "-p", "gpu-h100", "--gres=gpu:h100:8", "--reservation=skaler-soon",
                "--wrap", "sleep 60");
        long onExisting = slurm.sbatch("alice", "-p", "cpu", "-c", "1", "--reservation=skaler-here",
                "--wrap", "sleep 60");
        long afterLimited = slurm.sbatch("alice", "-p", "gpu-h100", "--gres=gpu:h100:8",
                "--dependency=afterok:" + limited, "--wrap", "sleep 60");
        long afterUnlimited = slurm.sbatch("alice", "-p", "gpu-h100", "--gres=gpu:h100:8",
                "--dependency=afterany:" + unlimited, "--wrap", "sleep 60");
        long afterMixed = slurm.sbatch("alice", "-p", "gpu-h100", "--gres=gpu:h100:8",
                "--dependency=afterok:" + limited + ":" + onPlaceholder, "--wrap", "sleep 60");

        // measured: once the scheduler has looked, Slurm's reason for a job before its reservation is Reservation
        SlurmSnapshot s = awaitSnapshot(reader, x -> job(x, onPlaceholder).stateReason().equals("Reservation"),
                "the reservation job's reason to be Reservation");
        Reservation soon = s.reservations().stream().filter(r -> r.name().equals("skaler-soon")).findFirst()
                .orElseThrow();
        assertThat(soon.nodes()).containsExactly(RealSlurm.gpuNode(0));
        assertThat(soon.flags()).contains("SPEC_NODES");
        assertThat(soon.users()).containsExactly("alice");
        assertThat(job(s, onPlaceholder).reservation()).isEqualTo("skaler-soon");
        assertThat(job(s, onPlaceholder).eligibleTime()).as("Slurm gives no eligible_time before the reservation")
                .isZero();
        assertThat(job(s, afterMixed).dependency())
                .isEqualTo("afterok:" + limited + "(unfulfilled),afterok:" + onPlaceholder + "(unfulfilled)");
        RunningJob ends = s.runningJobs().stream().filter(r -> r.jobId() == limited).findFirst().orElseThrow();
        assertThat(ends.endTime()).as("end_time = start_time + time limit").isEqualTo(ends.startTime() + 20 * 60);
        assertThat(s.runningJobs()).filteredOn(r -> r.jobId() == unlimited).singleElement()
                .satisfies(r -> assertThat(r.endKnown()).as("no time limit: no end").isFalse());

        Policy policy = policy();
        Instant resvStart = Instant.ofEpochSecond(soon.startTime());
        String resvBefore = "eligible at " + resvStart + " when reservation skaler-soon starts, on placeholder"
                + " node(s) " + RealSlurm.gpuNode(0);
        Instant jobEnd = Instant.ofEpochSecond(ends.endTime());
        JsonNode early = planJson(s, policy, resvStart.minus(Duration.ofMinutes(30)));
        assertThat(reason(early, onPlaceholder)).isEqualTo(resvBefore + " (in 30m; beyond look-ahead 10m)");
        JsonNode earlyDep = planJson(s, policy, jobEnd.minus(Duration.ofMinutes(30)));
        assertThat(reason(earlyDep, afterLimited)).isEqualTo("eligible at " + jobEnd + " when job " + limited
                + " ends (in 30m; beyond look-ahead 10m)");

        JsonNode late = planJson(s, policy, resvStart.minus(Duration.ofMinutes(5)));
        assertThat(anticipated(late, onPlaceholder)).isTrue();
        assertThat(targetReasons(late)).anyMatch(r -> r.startsWith("job " + onPlaceholder + " counted ahead: eligible"
                + " at " + resvStart + " (reservation skaler-soon starts, on placeholder node(s) "));
        JsonNode lateDep = planJson(s, policy, jobEnd.minus(Duration.ofMinutes(5)));
        assertThat(anticipated(lateDep, afterLimited)).isTrue();
        assertThat(targetReasons(lateDep)).anyMatch(r -> r.startsWith("job " + afterLimited + " counted ahead:"
                + " eligible at " + jobEnd + " (job " + limited + " ends), within look-ahead 10m"));

        assertThat(reason(late, onExisting)).isEqualTo("runs only on the nodes of reservation skaler-here"
                + " (cpu-0, from " + Instant.ofEpochSecond(reservation(s, "skaler-here").startTime())
                + "), which exist: more nodes would not serve it");
        assertThat(reason(lateDep, onExisting)).as("once it has started").isEqualTo("runs only on the nodes of"
                + " reservation skaler-here (cpu-0), which exist: more nodes would not serve it");
        for (JsonNode plan : List.of(late, lateDep)) {
            assertThat(reason(plan, afterUnlimited)).isEqualTo("dependency afterany:" + unlimited
                    + "(unfulfilled) (job " + unlimited + " runs without a time limit: its end is unknown)");
            assertThat(reason(plan, afterMixed)).endsWith("(job " + onPlaceholder + " has not started)");
        }

        // a large queue's reading: the running jobs come from job/{id} of those depended on, not from the whole list
        SlurmReader incrementally = reader(slurm, 0);
        SlurmSnapshot incremental = incrementally.readSnapshot();
        assertThat(incremental.unreadJobs()).isZero();
        assertThat(incremental.runningJobs()).isEqualTo(reader.readSnapshot().runningJobs())
                .extracting(RunningJob::jobId).containsExactly(limited, unlimited);
        assertThat(anticipated(planJson(incremental, policy, jobEnd.minus(Duration.ofMinutes(5))), afterLimited))
                .isTrue();

        // measured: a raised time limit changes job/{id} and nothing in jobs/state, so reading incrementally the old
        // end stands until it passes (DependedOnJobs reads the job again then)
        slurm.scontrol("update", "jobid=" + limited, "TimeLimit=25");
        long raised = ends.startTime() + 25 * 60;
        assertThat(reader.readSnapshot().runningJobs()).filteredOn(r -> r.jobId() == limited).singleElement()
                .extracting(RunningJob::endTime).isEqualTo(raised);
        assertThat(incrementally.readSnapshot().runningJobs()).filteredOn(r -> r.jobId() == limited).singleElement()
                .extracting(RunningJob::endTime).isEqualTo(ends.endTime());
    }

    /** @param incrementalAbove 0: read the job list incrementally from the first read */
    private static SlurmReader reader(RealSlurm slurm, int incrementalAbove) {
        String state = Optional.ofNullable(System.getenv("SKALER_SLURM_STATE")).orElse("/var/lib/skaler-dev-slurm");
        Path key = Path.of(state, Integer.toString(slurm.port()), "root", "etc", "slurm", "jwt_hs256.key");
        var minter = new JwtMinter(key, "slurm", Duration.ofMinutes(15), Optional.empty(), Clock.systemUTC());
        var client = new SlurmClient(SlurmClientSettings.of(slurm.baseUrl()), minter, new SimpleMeterRegistry());
        var settings = new IncrementalJobs.Settings(256, 4, 200, Duration.ofHours(1), Duration.ofMinutes(1), 1e-6);
        return new SlurmReader(client, ParseLimits.DEFAULT, Duration.ZERO, Clock.systemUTC(), incrementalAbove,
                settings);
    }

    /** Reads until {@code until} holds (the scheduler's pace is the machine's; no time is asserted). */
    private static SlurmSnapshot awaitSnapshot(SlurmReader reader, Predicate<SlurmSnapshot> until, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            SlurmSnapshot s = reader.readSnapshot();
            if (until.test(s)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 3 minutes for " + what + "; last read: " + s.pendingJobs());
            }
            Thread.sleep(500);
        }
    }

    private static PendingJob job(SlurmSnapshot s, long id) {
        return s.pendingJobs().stream().filter(j -> j.jobId() == id).findFirst()
                .orElseThrow(() -> new AssertionError("job " + id + " is not pending"));
    }

    private static Reservation reservation(SlurmSnapshot s, String name) {
        return s.reservations().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static Policy policy() throws IOException {
        try (InputStream in = WaitsAheadRealSlurmTest.class.getResourceAsStream("/slurm/real-26.05/policy.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ((PolicyResult.Valid) PolicyParser.parse(text)).policy();
        }
    }

    private static JsonNode planJson(SlurmSnapshot s, Policy policy, Instant now) throws IOException {
        Plan plan = Planner.plan(new Snapshot(s, PlanInputs.emptyCluster(policy, now)), policy, now);
        return JSON.readTree(PlanJson.write(plan, new PlanJson.Source("test", s.apiVersion(), List.of())));
    }

    private static String reason(JsonNode plan, long jobId) {
        for (JsonNode j : plan.path("excludedJobs")) {
            if (j.path("jobId").asLong() == jobId) {
                return j.path("reason").asText();
            }
        }
        throw new AssertionError("job " + jobId + " is not excluded in " + plan);
    }

    private static boolean anticipated(JsonNode plan, long jobId) {
        for (JsonNode j : plan.path("anticipatedJobs")) {
            if (j.path("jobId").asLong() == jobId) {
                return true;
            }
        }
        return false;
    }

    private static List<String> targetReasons(JsonNode plan) {
        List<String> out = new java.util.ArrayList<>();
        plan.path("targets").forEach(t -> t.path("reasons").forEach(r -> out.add(r.asText())));
        return out;
    }

    private static void deleteReservation(RealSlurm slurm, String name) {
        try {
            slurm.scontrol("delete", "reservation=" + name);
        } catch (RuntimeException notThere) {
            // made only when the test got that far
        }
    }
}
