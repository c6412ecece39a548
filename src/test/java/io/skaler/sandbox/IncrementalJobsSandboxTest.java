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
 * pending jobs it derives equal what one full read gives, without any re-read of unchanged jobs.
 */
class IncrementalJobsSandboxTest {

    @Test
    void theIncrementalViewEqualsAFullReadAfterRandomChanges() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            check(seed);
        }
    }

    private static void check(long seed) throws Exception {
        var clock = new VirtualClock(T0);
        var slurm = new SimulatedSlurm(clock, Jobs.cluster());
        try (var server = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start()) {
            var full = reader(server, Integer.MAX_VALUE);
            var incremental = reader(server, 0);
            var rnd = new Random(seed);
            int registered = 0;
            for (int step = 0; step < 40; step++) {
                switch (rnd.nextInt(6)) {
                    case 0, 1 -> slurm.submit(Jobs.gpu(1 + rnd.nextInt(3), 1 + rnd.nextInt(8),
                            Duration.ofMinutes(1 + rnd.nextInt(20))));
                    case 2 -> slurm.submit(Jobs.array(2 + rnd.nextInt(30), rnd.nextInt(4),
                            Duration.ofMinutes(1 + rnd.nextInt(10))));
                    case 3 -> slurm.submit(Jobs.small(Duration.ofMinutes(1 + rnd.nextInt(30))));
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
                    assertThat(demand(seen)).as("seed %d step %d", seed, step).isEqualTo(demand(full.readSnapshot()));
                }
            }
            assertThat(incremental.incremental()).isTrue();
        }
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
