package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmSnapshot;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The incremental view against the real Slurm: after seeded random submissions (plain, held, multi-node, GPU, arrays
 * with throttles, het jobs), cancellations, holds, releases, {@code scontrol update}s and array tasks starting on
 * cpu-0, the demand it derives equals what one full {@code GET jobs} gives. Changes {@code jobs/state} shows are
 * caught by the next cycles alone; holds, releases and updates by one re-read round.
 */
@ExtendWith(RealSlurmExtension.class)
class IncrementalJobsRealSlurmTest {

    private static final long SEED = Long.getLong("skaler.test.seed", 14L);

    @Test
    void changes_jobs_state_shows_are_caught_without_re_reads(RealSlurm slurm) throws Exception {
        slurm.reset();
        var rnd = new Random(SEED);
        var full = reader(slurm, Integer.MAX_VALUE, 1e-6);
        var incremental = reader(slurm, 0, 1e-6); // re-reads practically never: only jobs/state can tell it
        List<Long> jobs = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 6; i++) {
                visibleChange(slurm, rnd, jobs);
            }
            assertSameDemand(full, incremental, Instant.MIN);
        }
        assertThat(incremental.incremental()).isTrue();
    }

    @Test
    void holds_releases_and_updates_are_caught_by_one_re_read_round(RealSlurm slurm) throws Exception {
        slurm.reset();
        var rnd = new Random(SEED + 1);
        var full = reader(slurm, Integer.MAX_VALUE, 1e-6);
        var incremental = reader(slurm, 0, 1_000);
        List<Long> jobs = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 8; i++) {
                if (rnd.nextBoolean() || jobs.isEmpty()) {
                    visibleChange(slurm, rnd, jobs);
                } else {
                    invisibleChange(slurm, rnd, jobs);
                }
            }
            assertSameDemand(full, incremental, Instant.now());
        }
    }

    private static final java.util.Set<Long> GPU_JOBS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static long gpu(long job) {
        GPU_JOBS.add(job);
        return job;
    }

    private static void visibleChange(RealSlurm slurm, Random rnd, List<Long> jobs) {
        int what = jobs.isEmpty() ? 0 : rnd.nextInt(6);
        switch (what) {
            case 0, 1 -> jobs.add(gpu(slurm.sbatch("alice", "-p", "gpu-h100", "-N", Integer.toString(1 + rnd.nextInt(3)),
                    "--gres=gpu:h100:" + (1 + rnd.nextInt(8)), "--wrap", "sleep 600")));
            case 2 -> jobs.add(slurm.sbatch("bob", "-p", "cpu", "-n", "1", "--array=0-" + (2 + rnd.nextInt(6)) + "%"
                    + (1 + rnd.nextInt(2)), "--wrap", "sleep " + (2 + rnd.nextInt(4))));
            case 3 -> jobs.add(gpu(slurm.sbatch("alice", "-p", "gpu-h100", "-N", "1", "--gres=gpu:h100:4", ":", "-p",
                    "trn1", "-N", "2", "--wrap", "sleep 600")));
            case 4 -> jobs.add(slurm.sbatch("bob", "-p", "cpu", "-n", "1", "--wrap", "sleep " + (1 + rnd.nextInt(3))));
            default -> cancel(slurm, jobs.remove(rnd.nextInt(jobs.size())));
        }
    }

    /** scancel, through slurmrestd as the SlurmUser (skaler's own client is read-only). */
    private static void cancel(RealSlurm slurm, long job) {
        var request = java.net.http.HttpRequest.newBuilder(slurm.baseUrl().resolve("/slurm/"
                        + slurm.apiVersions().get(0).text() + "/job/" + job))
                .header("X-SLURM-USER-TOKEN", slurm.slurmUserToken()).DELETE().build();
        try {
            var answer = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("DELETE job %d: %s", job, answer.body()).isEqualTo(200);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** On a job that is pending on GPU or Trainium nodes (never up here, so it stays pending). */
    private static void invisibleChange(RealSlurm slurm, Random rnd, List<Long> jobs) {
        List<Long> pending = jobs.stream().filter(GPU_JOBS::contains).toList();
        if (pending.isEmpty()) {
            visibleChange(slurm, rnd, jobs);
            return;
        }
        String job = Long.toString(pending.get(rnd.nextInt(pending.size())));
        switch (rnd.nextInt(4)) {
            case 0 -> slurm.scontrol("hold", job);
            case 1 -> slurm.scontrol("release", job);
            case 2 -> slurm.scontrol("update", "jobid=" + job, "numnodes=" + (1 + rnd.nextInt(4)));
            default -> slurm.scontrol("update", "jobid=" + job, "timelimit=" + (10 + rnd.nextInt(100)));
        }
    }

    private static SlurmReader reader(RealSlurm slurm, int incrementalAbove, double rechecksPerSecond) {
        var client = new SlurmClient(SlurmClientSettings.of(slurm.baseUrl()),
                TokenSource.fixed(new Token(slurm.slurmUserToken())), new SimpleMeterRegistry());
        var settings = new IncrementalJobs.Settings(8, 4, 50, Duration.ofHours(1), Duration.ofSeconds(30),
                rechecksPerSecond);
        return new SlurmReader(client, ParseLimits.DEFAULT, Duration.ofMinutes(10), Clock.systemUTC(), incrementalAbove,
                settings);
    }

    /**
     * Slurm settles (a full read twice the same: no job started or ended in between), then the incremental reader
     * reads until nothing is unread and every job was read after {@code readAfter}, then both must agree.
     */
    private static void assertSameDemand(SlurmReader full, SlurmReader incremental, Instant readAfter)
            throws Exception {
        List<String> expected = null;
        List<String> seen = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            List<String> before = demand(full.readSnapshot());
            for (int cycle = 0; cycle < 50; cycle++) {
                SlurmSnapshot s = incremental.readSnapshot();
                if (s.unreadJobs() == 0 && !incremental.oldestRead().isBefore(readAfter)) {
                    seen = demand(s);
                    break;
                }
            }
            List<String> after = demand(full.readSnapshot());
            if (before.equals(after)) {
                expected = after;
                if (expected.equals(seen)) {
                    return;
                }
            }
            Thread.sleep(1_000); // a job started or ended meanwhile: read again once Slurm is quiet
        }
        assertThat(seen).as("incremental view vs full read").isEqualTo(expected);
    }

    /** What the planner sizes from a pending job, without texts that Slurm's scheduler rewrites between reads. */
    private static List<String> demand(SlurmSnapshot s) {
        List<String> out = new java.util.ArrayList<>(); // a list: a job read twice must show
        for (PendingJob j : s.pendingJobs()) {
            out.add(j.jobId() + "+" + j.hetJobOffset() + " " + j.partitions() + " nodes=" + j.minNodes() + "-"
                    + j.maxNodes() + " tasks=" + j.tasks() + "x" + j.cpusPerTask() + " cpus=" + j.minCpus() + " mem="
                    + j.memory() + " gres=" + j.gresPerNode() + "/" + j.gresPerJob() + "/" + j.gresPerTask()
                    + " excl=" + j.exclusive() + " runnable=" + j.runnableTasks() + "/" + j.pendingTasks()
                    + " demand=" + j.eligibility().demand());
        }
        out.sort(null);
        return out;
    }
}
