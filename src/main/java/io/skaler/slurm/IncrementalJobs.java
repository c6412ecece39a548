package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 *     order: {@code jobs/state} in full while Slurm counts at most {@link IdWalk#FULL_STATE_MAX} jobs; above, a walk over
 *     the ids in windows ({@link IdWalk});</li>
 * <li>{@code job/{id}} for each job found new or changed (new ones first), then for each running job a pending job
 *     depends on whose {@code jobs/state} entries are new or changed (its start and time limit tell when the
 *     dependency is met; it is polled with the hot jobs while depended on), then, within what is left of the cycle's
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
     * @param fullStateMax         above this many jobs, every job's state is read by walking the ids ({@link IdWalk}),
     *                             except the first time, which must list every job whatever its id
     */
    public record Settings(int probeWindow, int maxProbes, int hotChunk, Duration fullStateInterval,
                           Duration fetchBudget, double maxRechecksPerSecond, int parallelReads, int fullStateMax) {
        public static final Settings DEFAULTS = new Settings(256, 4, 200, Duration.ofSeconds(60),
                Duration.ofMillis(1500), 20, 4, IdWalk.FULL_STATE_MAX);

        public Settings {
            if (parallelReads < 1) {
                throw new IllegalArgumentException("parallelReads must be >= 1, got " + parallelReads);
            }
        }

        public Settings(int probeWindow, int maxProbes, int hotChunk, Duration fullStateInterval, Duration fetchBudget,
                        double maxRechecksPerSecond, int parallelReads) {
            this(probeWindow, maxProbes, hotChunk, fullStateInterval, fetchBudget, maxRechecksPerSecond, parallelReads,
                    IdWalk.FULL_STATE_MAX);
        }

        /** One read at a time. */
        public Settings(int probeWindow, int maxProbes, int hotChunk, Duration fullStateInterval, Duration fetchBudget,
                        double maxRechecksPerSecond) {
            this(probeWindow, maxProbes, hotChunk, fullStateInterval, fetchBudget, maxRechecksPerSecond, 1);
        }
    }

    /**
     * The pending jobs as read, the running jobs they depend on (as a whole read lists them), and how many known
     * jobs are still to be read: pending ones never read, and depended-on running ones not read at their state.
     */
    public record View(List<PendingJob> pending, int unread, int tracked, boolean fullStateRead, int listed,
                       List<RunningJob> running) {
        public View {
            pending = List.copyOf(pending);
            running = List.copyOf(running);
        }
    }

    private final SlurmClient client;
    private final Settings settings;
    private final Clock clock;
    private final JobRecordReads reads;
    private final TrackedJobs jobs = new TrackedJobs();
    private final IdWalk walk = new IdWalk();
    private int listedAtFullState;
    private Instant lastFullState = Instant.MIN;
    private double recheckCredit;
    private Instant lastCycle;

    public IncrementalJobs(SlurmClient client, ParseLimits limits, Settings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.reads = new JobRecordReads(client, limits, settings.parallelReads());
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
        if (walk.inProgress()) {
            full = stepWalk();
        } else if (!now.isBefore(lastFullState.plus(settings.fullStateInterval()))) {
            // The first listing is whole whatever the count: the walk and the probes only find ids near those known,
            // and a cluster's ids run in the millions (a walk from id 1 ended in the empty ids below them, and a queue
            // of 3,000 jobs with ids above 40,000 was never seen). It costs one slow jobs/state per start (53 s at
            // 100,000 jobs, docs/upstream.md).
            if (counted <= settings.fullStateMax() || lastFullState.equals(Instant.MIN)) {
                fullState();
                lastFullState = now;
                full = true;
            } else {
                walk.start(jobs.size() == 0 ? 1 : jobs.ids().first(), now);
                full = stepWalk();
            }
        }
        probeNewJobs();
        pollHot();
        jobs.queueWaitingOnOthersIfAnyChanged(); // a job ended, started or went: what waited on others may be free now
        while (jobs.anyToRead() && System.nanoTime() < deadline) {
            reads.readAll(jobs.nextToRead(settings.parallelReads()), ctx,
                    (t, answer) -> jobs.apply(t, answer, clock.instant()), t -> jobs.queue(t, true));
        }
        readDependedOn(deadline, ctx);
        recheck(now, deadline, ctx);
        if (ctxChanged) {
            jobs.reclassify(ctx);
        }
        lastCycle = now;
        return jobs.view(full, listedAtFullState, now);
    }

    /** When the pending job read longest ago was read; {@link Instant#MAX} when every pending job is unread or none pends. */
    public synchronized Instant oldestRead() {
        return jobs.oldestRead();
    }

    /** How long re-reading every known job takes at the configured rate: the bound on seeing a hold or an update. */
    public synchronized Duration recheckRound() {
        return Duration.ofMillis((long) (jobs.size() * 1000 / settings.maxRechecksPerSecond()));
    }

    private void fullState() throws SlurmFailure {
        JobStates all = client.jobStates(JobStates::read);
        listedAtFullState = all.total();
        Set<Long> gone = new HashSet<>(jobs.ids());
        for (Map.Entry<Long, JobStates.Job> e : all.jobs().entrySet()) {
            gone.remove(e.getKey());
            jobs.observe(e.getKey(), e.getValue());
        }
        for (long id : gone) {
            jobs.forget(id);
        }
        jobs.noteId(all.highestJobId());
    }

    /** Some windows of the id walk; when it ends, every job's state has been read since it began. */
    private boolean stepWalk() throws SlurmFailure {
        if (!walk.step(client, jobs.ids(), jobs)) {
            return false;
        }
        lastFullState = walk.started();
        listedAtFullState = walk.listed();
        return true;
    }

    private void probeNewJobs() throws SlurmFailure {
        long from = jobs.highestKnownId() + 1;
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
                if (!jobs.contains(e.getKey())) {
                    jobs.observe(e.getKey(), e.getValue(), true); // a known job's tasks seen here are polled with it
                }
            }
            jobs.noteId(window.highestJobId());
            from = Math.max(from + settings.probeWindow(), jobs.highestKnownId() + 1); // split tasks show no id of their own
        }
    }

    private void pollHot() throws SlurmFailure {
        List<Long> hot = jobs.hotIds();
        for (int i = 0; i < hot.size(); i += settings.hotChunk()) {
            List<Long> chunk = hot.subList(i, Math.min(hot.size(), i + settings.hotChunk()));
            JobStates states = client.jobStates(chunk, JobStates::read);
            for (long id : chunk) {
                JobStates.Job s = states.jobs().get(id);
                if (s == null) {
                    jobs.forget(id);
                } else {
                    jobs.observe(id, s, true);
                }
            }
        }
    }

    /** Reads the running jobs pending jobs depend on whose record is unread or older than their state, within the budget. */
    private void readDependedOn(long deadline, EligibilityContext ctx) throws SlurmFailure {
        while (System.nanoTime() < deadline) {
            List<TrackedJob> batch = jobs.nextRunningToRead(settings.parallelReads(), clock.instant());
            if (batch.isEmpty()) {
                return;
            }
            reads.readAll(batch, id -> reads.readRunning(id, ctx), (t, r) -> jobs.applyRunning(t, r, clock.instant()),
                    t -> { });
        }
    }

    /** Re-reads the jobs read longest ago, at {@code maxRechecksPerSecond}, once nothing new or changed waits. */
    private void recheck(Instant now, long deadline, EligibilityContext ctx) throws SlurmFailure {
        double seconds = lastCycle == null ? 0 : Math.max(0, Duration.between(lastCycle, now).toMillis() / 1000.0);
        recheckCredit = Math.min(recheckCredit + seconds * settings.maxRechecksPerSecond(),
                settings.maxRechecksPerSecond() * 10);
        while (recheckCredit >= 1 && !jobs.anyToRead() && System.nanoTime() < deadline) {
            var oldest = jobs.readLongestAgo();
            if (oldest.isEmpty()) {
                return;
            }
            recheckCredit -= 1;
            jobs.apply(oldest.get(), reads.read(oldest.get().id, ctx), clock.instant());
        }
    }
}
