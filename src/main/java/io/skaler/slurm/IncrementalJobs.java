package io.skaler.slurm;

import io.skaler.model.PendingJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;

/**
 * The pending jobs of a large queue, kept current without reading the whole list: slurmrestd builds a full
 * {@code GET jobs} answer at about 0.4-0.8 ms and 5 KB per job and keeps the memory (docs/upstream.md), so at 100,000
 * jobs one full read takes over a minute and gigabytes. Instead, per cycle:
 * <ol>
 * <li><b>new jobs</b>: {@code jobs/state?job_id=} for the ids just beyond the highest known (slurmctld hands out ids
 *     in increasing order), window after window while they list anything;</li>
 * <li><b>hot jobs</b> (pending and not held): {@code jobs/state?job_id=} for each, so a start, an end, a cancellation
 *     or an array task splitting off is seen the next cycle;</li>
 * <li><b>every job</b>: every {@code fullStateInterval}, for jobs gone or changed among the held ones and ids out of
 *     order: {@code jobs/state} in full while Slurm counts at most {@code fullStateMax} jobs; above, a walk over the
 *     ids in windows of {@code walkWindow} ({@code jobs/state?job_id=}), a few windows per cycle, because slurmrestd
 *     builds a full {@code jobs/state} answer in time that grows faster than the job count (53 s at 100,000 jobs on a
 *     loaded machine, docs/upstream.md);</li>
 * <li>{@code job/{id}} for each job found new or changed (new ones first), then, within what is left of the cycle's
 *     budget and at most {@code maxRechecksPerSecond}, for the jobs read longest ago: holds, releases and
 *     {@code scontrol update}s change nothing {@code jobs/state} shows, so they are seen when the job is read
 *     again, within {@link #recheckRound()}.</li>
 * </ol>
 * A job whose {@code jobs/state} entries changed is read again before it counts; until every known job has been
 * read once the view is partial ({@link View#unread()}), which holds scale-in.
 */
public final class IncrementalJobs {

    /**
     * @param probeWindow          ids asked per new-job probe
     * @param maxProbes            probes per cycle
     * @param hotChunk             ids per {@code jobs/state?job_id=} request
     * @param fullStateInterval    how often every job's state is read
     * @param fetchBudget          time per cycle for {@code job/{id}} reads
     * @param maxRechecksPerSecond rate of re-reading jobs that showed no change
     * @param parallelReads        {@code job/{id}} requests in flight at once (slurmrestd serves each on a thread)
     */
    public record Settings(int probeWindow, int maxProbes, int hotChunk, Duration fullStateInterval,
                           Duration fetchBudget, double maxRechecksPerSecond, int parallelReads) {
        public static final Settings DEFAULTS = new Settings(256, 4, 200, Duration.ofSeconds(60),
                Duration.ofMillis(1500), 20, 4);
        /** Above this many jobs, every job's state is read by walking the ids, not in one {@code jobs/state}. */
        static final int FULL_STATE_MAX = 20_000;
        /** Ids per window of the walk (a 1,000-id {@code jobs/state?job_id=} takes ~50 ms at 100,000 jobs). */
        static final int WALK_WINDOW = 1_000;
        static final int WALK_WINDOWS_PER_CYCLE = 20;
        /** The walk ends past the highest id known after this many windows without a job. */
        static final int WALK_END_AFTER_EMPTY = 20;

        public Settings {
            if (parallelReads < 1) {
                throw new IllegalArgumentException("parallelReads must be >= 1, got " + parallelReads);
            }
        }

        /** One read at a time. */
        public Settings(int probeWindow, int maxProbes, int hotChunk, Duration fullStateInterval, Duration fetchBudget,
                        double maxRechecksPerSecond) {
            this(probeWindow, maxProbes, hotChunk, fullStateInterval, fetchBudget, maxRechecksPerSecond, 1);
        }
    }

    /** The pending jobs as read, and how many known jobs are still to be read for the first time. */
    public record View(List<PendingJob> pending, int unread, int tracked, boolean fullStateRead, int listed) { }

    private static final class Tracked {
        final long id;
        long stateDigest;
        boolean pendingInState;
        List<PendingJob> records = List.of();
        List<JobsParser.EligibilityInputs> inputs = List.of();
        Instant readAt; // null: never read
        boolean queued;

        Tracked(long id) {
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
    }

    private final SlurmClient client;
    private final ParseLimits limits;
    private final Settings settings;
    private final Clock clock;
    private final java.util.TreeMap<Long, Tracked> jobs = new java.util.TreeMap<>();
    private long walkNext = -1; // -1: no walk in progress
    private int walkEmpty;
    private int walkListed;
    private Instant walkStarted;
    private final ArrayDeque<Tracked> toRead = new ArrayDeque<>();
    private final TreeSet<Tracked> byReadAt = new TreeSet<>((a, b) -> a.readAt.equals(b.readAt)
            ? Long.compare(a.id, b.id) : a.readAt.compareTo(b.readAt));
    private long highestKnownId;
    private int listedAtFullState;
    private Instant lastFullState = Instant.MIN;
    private double recheckCredit;
    private Instant lastCycle;
    private boolean changedThisCycle;
    private java.util.concurrent.ExecutorService pool;

    public IncrementalJobs(SlurmClient client, ParseLimits limits, Settings settings, Clock clock) {
        this.client = client;
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
    }

    /** One cycle's reads; {@code ctxChanged}: nodes or partitions differ from the last cycle, so eligibility is derived again. */
    public synchronized View read(EligibilityContext ctx, boolean ctxChanged) throws SlurmFailure {
        return read(ctx, ctxChanged, 0);
    }

    /** @param counted jobs Slurm counts now (pending and running), which picks a full state read or an id walk */
    public synchronized View read(EligibilityContext ctx, boolean ctxChanged, int counted) throws SlurmFailure {
        Instant now = clock.instant();
        long deadline = System.nanoTime() + settings.fetchBudget().toNanos();
        boolean full = false;
        if (walkNext >= 0) {
            full = walk();
        } else if (!now.isBefore(lastFullState.plus(settings.fullStateInterval()))) {
            if (counted <= Settings.FULL_STATE_MAX) {
                fullState();
                lastFullState = now;
                full = true;
            } else {
                walkNext = jobs.isEmpty() ? 1 : jobs.firstKey();
                walkEmpty = 0;
                walkListed = 0;
                walkStarted = now;
                full = walk();
            }
        }
        probeNewJobs();
        pollHot();
        if (changedThisCycle) { // a job ended, started or went: what waited on others may be free now
            queueWaitingOnOthers();
            changedThisCycle = false;
        }
        while (!toRead.isEmpty() && System.nanoTime() < deadline) {
            List<Tracked> batch = new ArrayList<>(settings.parallelReads());
            while (batch.size() < settings.parallelReads() && !toRead.isEmpty()) {
                Tracked t = toRead.poll();
                t.queued = false;
                if (jobs.get(t.id) == t) {
                    batch.add(t);
                }
            }
            fetchAll(batch, ctx);
        }
        recheck(now, deadline, ctx);
        if (ctxChanged) {
            for (Tracked t : jobs.values()) {
                reclassify(t, ctx);
            }
        }
        lastCycle = now;
        return view(full);
    }

    /** When the pending job read longest ago was read; {@link Instant#MAX} when every pending job is unread or none pends. */
    public synchronized Instant oldestRead() {
        Instant oldest = Instant.MAX;
        for (Tracked t : jobs.values()) {
            if (t.pendingInState && t.readAt != null && t.readAt.isBefore(oldest)) {
                oldest = t.readAt;
            }
        }
        return oldest;
    }

    /** How long re-reading every known job takes at the configured rate: the bound on seeing a hold or an update. */
    public synchronized Duration recheckRound() {
        return Duration.ofMillis((long) (jobs.size() * 1000 / settings.maxRechecksPerSecond()));
    }

    private View view(boolean full) {
        List<PendingJob> pending = new ArrayList<>();
        int unread = 0;
        for (Tracked t : jobs.values()) {
            if (!t.pendingInState) {
                continue;
            }
            if (t.readAt == null) {
                unread++;
            } else {
                pending.addAll(t.records);
            }
        }
        pending.sort(java.util.Comparator.comparingLong(PendingJob::jobId).thenComparingInt(PendingJob::hetJobOffset));
        return new View(pending, unread, jobs.size(), full, listedAtFullState);
    }

    private void fullState() throws SlurmFailure {
        JobStates all = client.jobStates(JobStates::read);
        listedAtFullState = all.total();
        Set<Long> gone = new java.util.HashSet<>(jobs.keySet());
        for (Map.Entry<Long, JobStates.Job> e : all.jobs().entrySet()) {
            gone.remove(e.getKey());
            observe(e.getKey(), e.getValue(), false);
        }
        for (long id : gone) {
            forget(id);
        }

        highestKnownId = Math.max(highestKnownId, all.highestJobId());
    }

    /**
     * Some windows of the id walk: jobs new in a window are queued (behind the urgent ones), tracked jobs missing
     * from it are gone. True when the walk ended (that many empty windows past the highest id known).
     */
    private boolean walk() throws SlurmFailure {
        for (int w = 0; w < Settings.WALK_WINDOWS_PER_CYCLE; w++) {
            long from = walkNext;
            long to = from + Settings.WALK_WINDOW;
            List<Long> ids = new ArrayList<>(Settings.WALK_WINDOW);
            for (long id = from; id < to; id++) {
                ids.add(id);
            }
            JobStates window = client.jobStates(ids, JobStates::read);
            for (long id : new ArrayList<>(jobs.subMap(from, to).keySet())) {
                if (!window.jobs().containsKey(id)) {
                    forget(id);
                }
            }
            for (Map.Entry<Long, JobStates.Job> e : window.jobs().entrySet()) {
                observe(e.getKey(), e.getValue(), false);
            }
            walkListed += window.total();
            walkEmpty = window.jobs().isEmpty() ? walkEmpty + 1 : 0;
            walkNext = to;
            if (walkNext > highestKnownId && walkEmpty >= Settings.WALK_END_AFTER_EMPTY) {
                walkNext = -1;
                lastFullState = walkStarted;
                listedAtFullState = walkListed;
                return true;
            }
        }
        return false;
    }

    private void probeNewJobs() throws SlurmFailure {
        long from = highestKnownId + 1;
        for (int probe = 0; probe < settings.maxProbes(); probe++) {
            List<Long> ids = new ArrayList<>(settings.probeWindow());
            for (long id = from; id < from + settings.probeWindow(); id++) {
                ids.add(id);
            }
            JobStates window = client.jobStates(ids, JobStates::read);
            if (window.jobs().isEmpty()) {
                return;
            }
            for (Map.Entry<Long, JobStates.Job> e : window.jobs().entrySet()) {
                if (!jobs.containsKey(e.getKey())) {
                    observe(e.getKey(), e.getValue(), true); // a known job's tasks seen here are polled with the job
                }
            }
            highestKnownId = Math.max(highestKnownId, window.highestJobId());
            from = Math.max(from + settings.probeWindow(), highestKnownId + 1); // split tasks show no id of their own
        }
    }

    private void pollHot() throws SlurmFailure {
        List<Long> hot = new ArrayList<>();
        for (Tracked t : jobs.values()) {
            if (t.hot()) {
                hot.add(t.id);
            }
        }
        for (int i = 0; i < hot.size(); i += settings.hotChunk()) {
            List<Long> chunk = hot.subList(i, Math.min(hot.size(), i + settings.hotChunk()));
            JobStates states = client.jobStates(chunk, JobStates::read);
            for (long id : chunk) {
                JobStates.Job s = states.jobs().get(id);
                if (s == null) {
                    forget(id);
                } else {
                    observe(id, s, true);
                }
            }
        }
    }

    /**
     * What {@code jobs/state} says of one job: new, changed (read it again) or as before. {@code urgent}: seen by the
     * per-cycle polls (a job just submitted, or one that just changed) and read before the backlog a full state read
     * found, so a new job is answered within a cycle even while a large queue is still being read for the first time.
     */
    private void observe(long id, JobStates.Job state, boolean urgent) {
        Tracked t = jobs.get(id);
        if (t == null) {
            t = new Tracked(id);
            jobs.put(id, t);
            changedThisCycle |= !state.pending(); // a new record that runs: an array task split off and started
            t.stateDigest = state.digest();
            t.pendingInState = state.pending();
            highestKnownId = Math.max(highestKnownId, id);
            if (t.pendingInState) {
                queue(t, urgent);
            }
            return;
        }
        if (t.stateDigest == state.digest()) {
            return;
        }
        changedThisCycle = true;
        t.stateDigest = state.digest();
        t.pendingInState = state.pending();
        if (t.pendingInState) {
            queue(t, urgent);
        } else { // nothing of it pends: nothing to read
            t.records = List.of();
            t.inputs = List.of();
        }
    }

    /**
     * Jobs blocked for a reason other than a hold (a dependency, an association or QOS limit, a throttle) change
     * their reason when other jobs end, and {@code jobs/state} does not show it: they are read again whenever any
     * job changed.
     */
    private void queueWaitingOnOthers() {
        for (Tracked t : jobs.values()) {
            if (t.pendingInState && t.readAt != null && t.waitsOnOthers()) {
                queue(t, true);
            }
        }
    }

    private void queue(Tracked t, boolean urgent) {
        if (!t.queued) {
            t.queued = true;
            if (urgent) {
                toRead.addFirst(t);
            } else {
                toRead.addLast(t);
            }
        }
    }

    private void forget(long id) {
        Tracked t = jobs.remove(id);
        changedThisCycle |= t != null;
        if (t != null && t.readAt != null) {
            byReadAt.remove(t);
        }
    }

    /**
     * Reads a batch of jobs, {@code parallelReads} at a time; the first failure fails the cycle, and the jobs of the
     * batch not applied yet go back to the front of the queue, so none is forgotten.
     */
    private void fetchAll(List<Tracked> batch, EligibilityContext ctx) throws SlurmFailure {
        if (batch.size() == 1) {
            try {
                fetch(batch.get(0), ctx);
            } catch (SlurmFailure | RuntimeException e) {
                queue(batch.get(0), true);
                throw e;
            }
            return;
        }
        List<java.util.concurrent.Future<java.util.Optional<JobsParser.TrackedAnswer>>> reads = new ArrayList<>();
        for (Tracked t : batch) {
            reads.add(pool().submit(() -> client.job(t.id, in -> new JobsParser(limits).parseTracked(in, ctx))));
        }
        for (int i = 0; i < batch.size(); i++) {
            try {
                apply(batch.get(i), reads.get(i).get());
            } catch (java.util.concurrent.ExecutionException e) {
                reads.forEach(f -> f.cancel(true));
                batch.subList(i, batch.size()).forEach(t -> queue(t, true));
                if (e.getCause() instanceof SlurmFailure f) {
                    throw f;
                }
                throw new IllegalStateException("reading job " + batch.get(i).id + " failed", e.getCause());
            } catch (InterruptedException e) {
                batch.subList(i, batch.size()).forEach(t -> queue(t, true));
                Thread.currentThread().interrupt();
                throw new Unavailable(Endpoint.JOB, "interrupted while reading jobs", e);
            }
        }
    }

    private java.util.concurrent.ExecutorService pool() {
        if (pool == null) {
            pool = java.util.concurrent.Executors.newFixedThreadPool(settings.parallelReads(), r -> {
                Thread t = new Thread(r, "skaler-slurm-job-read");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    private void fetch(Tracked t, EligibilityContext ctx) throws SlurmFailure {
        apply(t, client.job(t.id, in -> new JobsParser(limits).parseTracked(in, ctx)));
    }

    private void apply(Tracked t, java.util.Optional<JobsParser.TrackedAnswer> read) {
        if (read.isEmpty()) {
            forget(t.id);
            return;
        }
        if (t.readAt != null) {
            byReadAt.remove(t);
        }
        // job/{id} of an array lists its split tasks, of a het leader every component: each of those is a job of
        // its own in jobs/state, read by its own id, so only the record with this id is kept here
        List<PendingJob> all = read.get().answer().items();
        List<PendingJob> records = new ArrayList<>(1);
        List<JobsParser.EligibilityInputs> inputs = new ArrayList<>(1);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).jobId() == t.id) {
                records.add(all.get(i));
                inputs.add(read.get().inputs().get(i));
            }
        }
        t.records = List.copyOf(records);
        t.inputs = List.copyOf(inputs);
        t.readAt = clock.instant();
        byReadAt.add(t);
        highestKnownId = Math.max(highestKnownId, read.get().highestJobId());
    }

    private void recheck(Instant now, long deadline, EligibilityContext ctx) throws SlurmFailure {
        double seconds = lastCycle == null ? 0 : Math.max(0, Duration.between(lastCycle, now).toMillis() / 1000.0);
        recheckCredit = Math.min(recheckCredit + seconds * settings.maxRechecksPerSecond(),
                settings.maxRechecksPerSecond() * 10);
        while (recheckCredit >= 1 && toRead.isEmpty() && System.nanoTime() < deadline && !byReadAt.isEmpty()) {
            Tracked oldest = byReadAt.first();
            if (!oldest.pendingInState) {
                byReadAt.remove(oldest);
                oldest.readAt = null;
                continue;
            }
            recheckCredit -= 1;
            fetch(oldest, ctx);
        }
    }

    private static void reclassify(Tracked t, EligibilityContext ctx) {
        if (t.records.isEmpty()) {
            return;
        }
        List<PendingJob> again = new ArrayList<>(t.records.size());
        for (int i = 0; i < t.records.size(); i++) {
            again.add(t.inputs.get(i).reclassify(t.records.get(i), ctx));
        }
        t.records = List.copyOf(again);
    }
}
