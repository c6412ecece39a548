package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link IncrementalJobs}' copy of the queue: every job {@code jobs/state} listed, which of them are to be read
 * ({@code job/{id}}) and in what order, when each was read last, and the running jobs pending ones depend on.
 */
final class TrackedJobs implements IdWalk.Sink {
    private final TreeMap<Long, TrackedJob> jobs = new TreeMap<>();
    private final ArrayDeque<TrackedJob> toRead = new ArrayDeque<>();
    private final TreeSet<TrackedJob> byReadAt = new TreeSet<>((a, b) -> a.readAt.equals(b.readAt)
            ? Long.compare(a.id, b.id) : a.readAt.compareTo(b.readAt));
    private final DependedOnJobs dependedOn = new DependedOnJobs();
    private long highestKnownId;
    private boolean changed;

    /** A full state read or the id walk: jobs found there are read after those the per-cycle polls found. */
    @Override
    public void observe(long id, JobStates.Job state) {
        observe(id, state, false);
    }

    /**
     * What {@code jobs/state} says of one job: new, changed (read it again) or as before. {@code urgent}: seen by the
     * per-cycle polls (a job just submitted, or one that just changed) and read before the backlog a full state read
     * found, so a new job is answered within a cycle even while a large queue is still being read for the first time.
     */
    void observe(long id, JobStates.Job state, boolean urgent) {
        TrackedJob t = jobs.get(id);
        if (t == null) {
            t = new TrackedJob(id);
            jobs.put(id, t);
            changed |= !state.pending(); // a new record that runs: an array task split off and started
            t.stateDigest = state.digest();
            t.pendingInState = state.pending();
            t.runningInState = state.running();
            noteId(id);
            if (t.pendingInState) {
                queue(t, urgent);
            }
            return;
        }
        if (t.stateDigest == state.digest()) {
            return;
        }
        changed = true;
        t.stateDigest = state.digest();
        t.pendingInState = state.pending();
        t.runningInState = state.running();
        if (t.pendingInState) {
            queue(t, urgent);
        } else {
            t.clearRecords();
        }
        dependedOn.update(t, jobs);
    }

    @Override
    public void forget(long id) {
        TrackedJob t = jobs.remove(id);
        changed |= t != null;
        if (t == null) {
            return;
        }
        if (t.readAt != null) {
            byReadAt.remove(t);
        }
        dependedOn.remove(t, jobs);
    }

    @Override
    public long highestKnownId() {
        return highestKnownId;
    }

    void noteId(long id) {
        highestKnownId = Math.max(highestKnownId, id);
    }

    boolean contains(long id) {
        return jobs.containsKey(id);
    }

    NavigableSet<Long> ids() {
        return jobs.navigableKeySet();
    }

    int size() {
        return jobs.size();
    }

    /** Read, pending and not held, or running with pending jobs depending on it: polled every cycle. */
    List<Long> hotIds() {
        List<Long> hot = new ArrayList<>();
        for (TrackedJob t : jobs.values()) {
            if (t.hot()) {
                hot.add(t.id);
            }
        }
        hot.addAll(dependedOn.hotIds(jobs));
        return hot;
    }

    /** The next depended-on running jobs to read, {@code max} at most. */
    List<TrackedJob> nextRunningToRead(int max, Instant now) {
        return dependedOn.nextToRead(max, jobs, now);
    }

    /** A depended-on job's {@code job/{id}} answer: its running records by id; empty: Slurm no longer knows the job. */
    void applyRunning(TrackedJob t, Optional<Map<Long, RunningJob>> read, Instant at) {
        if (read.isEmpty()) {
            forget(t.id);
            return;
        }
        // none: it ended between jobs/state and this read; its state moves next
        t.takeRunning(read.get().get(t.id), at.getEpochSecond());
    }

    /**
     * Jobs blocked for a reason other than a hold (a dependency, an association or QOS limit, a throttle) change
     * their reason when other jobs end, and {@code jobs/state} does not show it: once any job changed since the last
     * call, they are queued to be read again.
     */
    void queueWaitingOnOthersIfAnyChanged() {
        if (!changed) {
            return;
        }
        changed = false;
        for (TrackedJob t : jobs.values()) {
            if (t.pendingInState && t.readAt != null && t.waitsOnOthers()) {
                queue(t, true);
            }
        }
    }

    void queue(TrackedJob t, boolean urgent) {
        if (!t.queued) {
            t.queued = true;
            if (urgent) {
                toRead.addFirst(t);
            } else {
                toRead.addLast(t);
            }
        }
    }

    boolean anyToRead() {
        return !toRead.isEmpty();
    }

    /** The next jobs to read, {@code max} at most, skipping any forgotten since they were queued. */
    List<TrackedJob> nextToRead(int max) {
        List<TrackedJob> batch = new ArrayList<>(max);
        while (batch.size() < max && !toRead.isEmpty()) {
            TrackedJob t = toRead.poll();
            t.queued = false;
            if (jobs.get(t.id) == t) {
                batch.add(t);
            }
        }
        return batch;
    }

    /** The pending job read longest ago, to read again; empty when none has been read. */
    Optional<TrackedJob> readLongestAgo() {
        while (!byReadAt.isEmpty()) {
            TrackedJob oldest = byReadAt.first();
            if (oldest.pendingInState) {
                return Optional.of(oldest);
            }
            byReadAt.remove(oldest);
            oldest.readAt = null;
        }
        return Optional.empty();
    }

    /** A {@code job/{id}} answer; empty: Slurm no longer knows the job. */
    void apply(TrackedJob t, Optional<JobsParser.TrackedAnswer> read, Instant at) {
        if (read.isEmpty()) {
            forget(t.id);
            return;
        }
        if (t.readAt != null) {
            byReadAt.remove(t);
        }
        t.take(read.get(), at);
        byReadAt.add(t);
        dependedOn.update(t, jobs);
        noteId(read.get().highestJobId());
    }

    void reclassify(EligibilityContext ctx) {
        jobs.values().forEach(t -> t.reclassify(ctx));
    }

    /** When the pending job read longest ago was read; {@link Instant#MAX} when every pending job is unread or none pends. */
    Instant oldestRead() {
        Instant oldest = Instant.MAX;
        for (TrackedJob t : jobs.values()) {
            if (t.pendingInState && t.readAt != null && t.readAt.isBefore(oldest)) {
                oldest = t.readAt;
            }
        }
        return oldest;
    }

    IncrementalJobs.View view(boolean fullStateRead, int listed, Instant now) {
        List<PendingJob> pending = new ArrayList<>();
        int unread = 0;
        for (TrackedJob t : jobs.values()) {
            if (!t.pendingInState) {
                continue;
            }
            if (t.readAt == null) {
                unread++;
            } else {
                pending.addAll(t.records);
            }
        }
        pending.sort(Comparator.comparingLong(PendingJob::jobId).thenComparingInt(PendingJob::hetJobOffset));
        return new IncrementalJobs.View(pending, unread + dependedOn.unread(jobs, now), jobs.size(), fullStateRead,
                listed, dependedOn.running(jobs));
    }
}
