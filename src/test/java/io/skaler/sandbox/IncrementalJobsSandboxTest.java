package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmSnapshot;
import io.skaler.slurm.IncrementalJobs;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import io.skaler.slurm.TokenSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incremental job view against the sandbox's slurmrestd, seeded: after random submissions (plain, held,
 * multi-node GPU, throttled arrays), nodes registering (jobs and array tasks start) and time passing (jobs end), the
 * pending jobs it derives equal what one full read gives, without any re-read of unchanged jobs; so do the running
 * jobs that pending jobs depend on ({@code afterok} chains), which tell the planner when such a dependency is met.
 */
class IncrementalJobsSandboxTest {

    @Test
    void theIncrementalViewEqualsAFullReadAfterRandomChanges() throws Exception {
        int dependedOnRunning = 0;
        for (long seed = 1; seed <= 5; seed++) {
            dependedOnRunning += check(seed);
        }
        assertThat(dependedOnRunning).as("some read saw a pending job wait on a running one").isPositive();
    }

    @Test
    void theRunningJobsADependencyChainWaitsOnAreThoseAWholeReadGives() throws Exception {
        var clock = new VirtualClock(T0);
        var slurm = new SimulatedSlurm(clock, Jobs.cluster());
        try (var server = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start()) {
            var full = reader(server, Integer.MAX_VALUE);
            var incremental = reader(server, 0);
            slurm.registerNode("gpu-h100-0", "");
            long first = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(10)));
            long second = slurm.submitAfterOk(Jobs.gpu(1, 8, Duration.ofMinutes(10)), first);
            long third = slurm.submitAfterOk(Jobs.gpu(1, 8, Duration.ofMinutes(10)), second);
            clock.advanceBy(Duration.ofSeconds(30)); // the first starts; the second waits on it, the third on the second

            SlurmSnapshot whole = full.readSnapshot();
            SlurmSnapshot seen = incremental.readSnapshot();
            assertThat(whole.runningJobs()).as("the whole read").extracting(r -> r.jobId()).containsExactly(first);
            assertThat(whole.runningJobs().get(0).endKnown()).isTrue();
            assertThat(seen.runningJobs()).isEqualTo(whole.runningJobs());
            assertThat(seen.unreadJobs()).isZero();

            clock.advanceBy(Duration.ofMinutes(10)); // the first ends: the second runs, the third waits on it
            whole = full.readSnapshot();
            seen = incremental.readSnapshot();
            assertThat(whole.runningJobs()).extracting(r -> r.jobId()).containsExactly(second);
            assertThat(seen.runningJobs()).as("the ended job forgotten, the started one read").isEqualTo(whole.runningJobs());

            slurm.cancelPending(third); // nothing depends on the second any more
            clock.advanceBy(Duration.ofSeconds(30));
            assertThat(full.readSnapshot().runningJobs()).isEmpty();
            assertThat(incremental.readSnapshot().runningJobs()).isEmpty();
            assertThat(incremental.incremental()).isTrue();
        }
    }

    private static int check(long seed) throws Exception {
        int dependedOnRunning = 0;
        var clock = new VirtualClock(T0);
        var slurm = new SimulatedSlurm(clock, Jobs.cluster());
        try (var server = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start()) {
            var full = reader(server, Integer.MAX_VALUE);
            var incremental = reader(server, 0);
            var rnd = new Random(seed);
            int registered = 0;
            List<Long> submitted = new java.util.ArrayList<>();
            for (int step = 0; step < 40; step++) {
                switch (rnd.nextInt(7)) {
                    case 0, 1 -> submitted.add(slurm.submit(Jobs.gpu(1 + rnd.nextInt(3), 1 + rnd.nextInt(8),
                            Duration.ofMinutes(1 + rnd.nextInt(20)))));
                    case 2 -> slurm.submit(Jobs.array(2 + rnd.nextInt(30), rnd.nextInt(4),
                            Duration.ofMinutes(1 + rnd.nextInt(10))));
                    case 3 -> submitted.add(slurm.submit(Jobs.small(Duration.ofMinutes(1 + rnd.nextInt(30)))));
                    case 5 -> {
                        long on = submitted.isEmpty() ? -1 : submitted.get(rnd.nextInt(submitted.size()));
                        if (on > 0 && slurm.findJob(on).filter(j -> j.pending() || j.running()).isPresent()) {
                            submitted.add(slurm.submitAfterOk(Jobs.gpu(1, 8, Duration.ofMinutes(1 + rnd.nextInt(20))), on));
                        }
                    }
                    case 4 -> {
                        if (registered < 6) {
                            slurm.registerNode("gpu-h100-" + registered++, "");
                        }
                    }
                    default -> clock.advanceBy(Duration.ofMinutes(1 + rnd.nextInt(5)));
                }
                if (step % 5 == 4) {
                    clock.advanceBy(Duration.ofSeconds(30)); // a scheduling pass
                    SlurmSnapshot seen = incremental.readSnapshot();
                    assertThat(seen.unreadJobs()).as("seed %d step %d: unread", seed, step).isZero();
                    SlurmSnapshot whole = full.readSnapshot();
                    assertThat(demand(seen)).as("seed %d step %d", seed, step).isEqualTo(demand(whole));
                    assertThat(seen.runningJobs()).as("seed %d step %d: running jobs depended on", seed, step)
                            .isEqualTo(whole.runningJobs());
                    dependedOnRunning += whole.runningJobs().size();
                }
            }
            assertThat(incremental.incremental()).isTrue();
        }
        return dependedOnRunning;
    }

    private static SlurmReader reader(SlurmRestServer server, int incrementalAbove) {
        var client = new SlurmClient(SlurmClientSettings.of(server.uri()),
                TokenSource.fixed(new io.skaler.slurm.Token("t")), new SimpleMeterRegistry());
        var settings = new IncrementalJobs.Settings(16, 4, 50, Duration.ofHours(1), Duration.ofMinutes(1), 1e-6);
        return new SlurmReader(client, ParseLimits.DEFAULT, Duration.ofMinutes(10), java.time.Clock.systemUTC(),
                incrementalAbove, settings);
    }

    private static List<String> demand(SlurmSnapshot s) {
        List<String> out = new java.util.ArrayList<>(); // a list: a job read twice must show
        for (PendingJob j : s.pendingJobs()) {
            out.add(j.jobId() + " " + j.partitions() + " nodes=" + j.minNodes() + " tasks=" + j.tasks() + " gres="
                    + j.gresPerNode() + " runnable=" + j.runnableTasks() + "/" + j.pendingTasks() + " demand="
                    + j.eligibility().demand());
        }
        out.sort(null);
        return out;
    }
}
