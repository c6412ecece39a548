package io.skaler.slurm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * Every job's state read by walking the ids in windows of {@code jobs/state?job_id=}, a few windows per cycle: above
 * {@link #FULL_STATE_MAX} jobs slurmrestd builds one full {@code jobs/state} answer in time that grows faster than the
 * job count (53 s at 100,000 jobs on a loaded machine, docs/upstream.md), while a 1,000-id window takes ~50 ms.
 */
final class IdWalk {
    /** Above this many jobs, every job's state is read by walking the ids, not in one {@code jobs/state}. */
    static final int FULL_STATE_MAX = 20_000;
    /** Ids per window of the walk. */
    static final int WINDOW = 1_000;
    static final int WINDOWS_PER_CYCLE = 20;
    /** The walk ends past the highest id known after this many windows without a job. */
    static final int END_AFTER_EMPTY = 20;

    /** Where the walk reports what it finds. */
    interface Sink {
        void observe(long id, JobStates.Job state);

        void forget(long id);

        long highestKnownId();
    }

    private long next = -1; // -1: no walk in progress
    private int emptyWindows;
    private int listed;
    private Instant started;

    boolean inProgress() {
        return next >= 0;
    }

    void start(long firstId, Instant now) {
        next = firstId;
        emptyWindows = 0;
        listed = 0;
        started = now;
    }

    /** When the last walk began: every job seen by it was read at that time or later. */
    Instant started() {
        return started;
    }

    /** The jobs Slurm listed over the last walk. */
    int listed() {
        return listed;
    }

    /**
     * Some windows: jobs new in a window are observed, known jobs missing from it are gone. True when the walk
     * ended ({@link #END_AFTER_EMPTY} empty windows past the highest id known).
     */
    boolean step(SlurmClient client, NavigableSet<Long> known, Sink sink) throws SlurmFailure {
        for (int w = 0; w < WINDOWS_PER_CYCLE; w++) {
            long from = next;
            long to = from + WINDOW;
            List<Long> ids = new ArrayList<>(WINDOW);
            for (long id = from; id < to; id++) {
                ids.add(id);
            }
            JobStates window = client.jobStates(ids, JobStates::read);
            for (long id : new ArrayList<>(known.subSet(from, true, to, false))) {
                if (!window.jobs().containsKey(id)) {
                    sink.forget(id);
                }
            }
            for (Map.Entry<Long, JobStates.Job> e : window.jobs().entrySet()) {
                sink.observe(e.getKey(), e.getValue());
            }
            listed += window.total();
            emptyWindows = window.jobs().isEmpty() ? emptyWindows + 1 : 0;
            next = to;
            if (next > sink.highestKnownId() && emptyWindows >= END_AFTER_EMPTY) {
                next = -1;
                return true;
            }
        }
        return false;
    }
}
