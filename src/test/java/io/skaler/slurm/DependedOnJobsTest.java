package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The depended-on running jobs are kept current job by job: counted while some pending job names them, their record
 * kept while a re-read names them again, dropped (to be read anew) once none does.
 */
class DependedOnJobsTest {
    private static final Instant NOW = Instant.ofEpochSecond(1000);
    private final DependedOnJobs dependedOn = new DependedOnJobs();
    private final Map<Long, TrackedJob> byId = new TreeMap<>();

    @Test
    void aRunningJobIsListedWhileAPendingJobNamesItAndForgottenOnceNoneDoes() {
        TrackedJob running = running(3, new RunningJob(3, 100, 1300));
        TrackedJob first = pending(5, "afterok:3(unfulfilled)");
        TrackedJob second = pending(6, "afterany:3(unfulfilled),afterok:4(unfulfilled)");
        dependedOn.update(first, byId);
        dependedOn.update(second, byId);
        assertThat(dependedOn.running(byId)).containsExactly(new RunningJob(3, 100, 1300));
        assertThat(dependedOn.unread(byId, NOW)).isZero();

        // one is forgotten, the other read again naming job 3 and one more: job 3's record stands
        dependedOn.remove(second, byId);
        first.records = List.of(job(5, "afterok:3(unfulfilled),afterok:8(unfulfilled)"));
        dependedOn.update(first, byId);
        assertThat(dependedOn.running(byId)).containsExactly(new RunningJob(3, 100, 1300));
        assertThat(running.runningStale(NOW.getEpochSecond())).isFalse();

        // the last one to name it starts running: nothing pends on job 3, whose record is dropped
        first.pendingInState = false;
        first.clearRecords();
        dependedOn.update(first, byId);
        assertThat(dependedOn.running(byId)).isEmpty();
        assertThat(running.runningStale(NOW.getEpochSecond())).as("named again, it is read again").isTrue();
        assertThat(dependedOn.nextToRead(10, byId, NOW)).isEmpty();
    }

    @Test
    void aNamedJobNotReadYetIsUnreadAndToBeReadOnceItRuns() {
        TrackedJob dependent = pending(5, "afterok:3(unfulfilled):7(unfulfilled)");
        dependedOn.update(dependent, byId);
        assertThat(dependedOn.unread(byId, NOW)).as("jobs 3 and 7 are not tracked yet").isZero();

        TrackedJob three = running(3, null);
        three.forgetRunning();
        assertThat(dependedOn.unread(byId, NOW)).isEqualTo(1);
        assertThat(dependedOn.nextToRead(10, byId, NOW)).containsExactly(three);
        assertThat(dependedOn.hotIds(byId)).containsExactly(3L);

        three.takeRunning(new RunningJob(3, 100, 0), 200);
        assertThat(dependedOn.unread(byId, NOW)).isZero();
        assertThat(dependedOn.running(byId)).containsExactly(new RunningJob(3, 100, 0));
    }

    @Test
    void aRunningJobStillRunningPastTheEndItGaveIsReadAgainOnceForANewTimeLimit() {
        TrackedJob running = running(3, new RunningJob(3, 100, 1300)); // read at 200, to end at 1300
        dependedOn.update(pending(5, "afterok:3(unfulfilled)"), byId);
        assertThat(dependedOn.nextToRead(10, byId, Instant.ofEpochSecond(1299))).isEmpty();

        Instant past = Instant.ofEpochSecond(1300);
        assertThat(dependedOn.unread(byId, past)).as("scontrol update may have raised its limit").isEqualTo(1);
        assertThat(dependedOn.nextToRead(10, byId, past)).containsExactly(running);

        running.takeRunning(new RunningJob(3, 100, 1300), 1301); // runs over its limit (OverTimeLimit): once is enough
        assertThat(dependedOn.nextToRead(10, byId, Instant.ofEpochSecond(1400))).isEmpty();
        running.takeRunning(new RunningJob(3, 100, 0), 1301);
        assertThat(dependedOn.nextToRead(10, byId, Instant.ofEpochSecond(1400))).as("no limit: no end").isEmpty();
    }

    private TrackedJob running(long id, RunningJob record) {
        TrackedJob t = new TrackedJob(id);
        t.runningInState = true;
        t.takeRunning(record, 200);
        byId.put(id, t);
        return t;
    }

    private TrackedJob pending(long id, String dependency) {
        TrackedJob t = new TrackedJob(id);
        t.pendingInState = true;
        t.records = List.of(job(id, dependency));
        byId.put(id, t);
        return t;
    }

    private static PendingJob job(long id, String dependency) {
        byte[] body = AnswerJson.of(ApiVersion.V0_0_42, SlurmNumber.values()[0])
                .jobs(JobJson.pending(id).reason("Dependency", "").set("dependency", dependency));
        try {
            return new JobsParser().parse(new ByteArrayInputStream(body), EligibilityContext.UNKNOWN).items().get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
