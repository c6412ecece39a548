package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One job of {@link IncrementalJobs}' copy: what {@code jobs/state} last showed of it and its records as last read. */
final class TrackedJob {
    final long id;
    long stateDigest;
    boolean pendingInState;
    List<PendingJob> records = List.of();
    List<JobsParser.EligibilityInputs> inputs = List.of();
    Instant readAt; // null: never read
    boolean queued;
    boolean runningInState;
    /** While pending jobs depend on it: its running record as read at {@link #runningReadDigest}; null when not running. */
    RunningJob running;
    boolean runningRead;
    long runningReadDigest; // the stateDigest its running record was read at
    long runningReadTime; // unix seconds when its running record was read
    /** The job ids its pending records' dependencies name, as {@link DependedOnJobs} counts them; sorted. */
    List<Long> dependsOn = List.of();

    /**
     * Its running record is to be read: never read, {@code jobs/state} showed a change since, or the end it gave has
     * passed since it was read while the job still runs. A time limit raised by {@code scontrol update} changes nothing
     * in {@code jobs/state}; read again once the old end passes, the dependents wait for the new end, so anticipating
     * them on the old one costs at most the look-ahead.
     */
    boolean runningStale(long nowEpochSeconds) {
        return !runningRead || runningReadDigest != stateDigest
                || running != null && running.endKnown() && running.endTime() <= nowEpochSeconds
                && runningReadTime < running.endTime();
    }

    void takeRunning(RunningJob record, long readEpochSeconds) {
        running = record;
        runningRead = true;
        runningReadDigest = stateDigest;
        runningReadTime = readEpochSeconds;
    }

    void forgetRunning() {
        running = null;
        runningRead = false;
    }

    TrackedJob(long id) {
        this.id = id;
    }

    boolean waitsOnOthers() {
        for (int i = 0; i < records.size(); i++) {
            if (!inputs.get(i).hold() && (!records.get(i).eligibility().demand()
                    || records.get(i).runnableTasks() < records.get(i).pendingTasks())) {
                return true;
            }
        }
        return false;
    }

    /** Read, pending and not held: polled every cycle (unread ones are being read anyway). */
    boolean hot() {
        return pendingInState && readAt != null && !inputs.stream().allMatch(JobsParser.EligibilityInputs::hold);
    }

    /** Nothing of it pends: nothing to keep. */
    void clearRecords() {
        records = List.of();
        inputs = List.of();
    }

    /**
     * Takes a {@code job/{id}} answer. That of an array lists its split tasks, of a het leader every component: each
     * of those is a job of its own in {@code jobs/state}, read by its own id, so only the records with this id are kept.
     */
    void take(JobsParser.TrackedAnswer answer, Instant at) {
        List<PendingJob> all = answer.answer().items();
        List<PendingJob> own = new ArrayList<>(1);
        List<JobsParser.EligibilityInputs> ownInputs = new ArrayList<>(1);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).jobId() == id) {
                own.add(all.get(i));
                ownInputs.add(answer.inputs().get(i));
            }
        }
        records = List.copyOf(own);
        inputs = List.copyOf(ownInputs);
        readAt = at;
    }

    /** Derives the records' eligibility again against another view of nodes and partitions. */
    void reclassify(EligibilityContext ctx) {
        if (records.isEmpty()) {
            return;
        }
        List<PendingJob> again = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            again.add(inputs.get(i).reclassify(records.get(i), ctx));
        }
        records = List.copyOf(again);
    }
}
