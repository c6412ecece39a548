package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.Reservation;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;
import io.skaler.model.SlurmSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads Slurm's part of the snapshot in one pass: partitions ({@code flags=ALL}), nodes (never with
 * {@code update_time}), then jobs, classified against those nodes and partitions. The job list is re-read only when
 * slurmctld says it changed ({@code update_time}) and the nodes and partitions are as before, since eligibility
 * depends on them. A pass is consistent or fails: all three answers must come from the same API version and cluster.
 * Once Slurm lists more than {@code incrementalAbove} jobs, the list is no longer read whole but kept current by
 * {@link IncrementalJobs}; below half that, whole reads resume.
 */
public final class SlurmReader {

    private static final Logger LOG = Logger.getLogger(SlurmReader.class);

    /**
     * {@code skaler.slurm.full-read-interval}'s default ({@link SlurmClientConfig#fullReadInterval()}), for the places
     * that build a reader without the config system (the sandbox, {@code skaler check}); a test holds the two equal.
     */
    public static final Duration DEFAULT_FULL_READ_INTERVAL = Duration.ofMinutes(10);

    private final SlurmClient client;
    private Duration lastParseTime = Duration.ZERO;
    private final ParseLimits limits;
    private final ChangeDetector<JobsParser.JobList> jobs;
    private List<SlurmNode> previousNodes = List.of();
    private List<SlurmPartition> previousPartitions = List.of();
    private List<String> lastProblems = List.of();
    private boolean jobsReread;
    private final Clock clock;
    private final int incrementalAbove;
    private final IncrementalJobs.Settings incrementalSettings;
    private IncrementalJobs incremental;
    private int lastJobCount = -1;
    private int lastUnread;
    private boolean warmingUp;
    private boolean diagCounts = true;
    private final JobCounts.Estimator counts = new JobCounts.Estimator();
    private Duration lastReadTime = Duration.ZERO;

    public SlurmReader(SlurmClient client, ParseLimits limits, Duration fullReadInterval, Clock clock) {
        this(client, limits, fullReadInterval, clock, 1000, IncrementalJobs.Settings.DEFAULTS);
    }

    /**
     * @param incrementalAbove job count (every job and array task listed) above which the list is read incrementally;
     *                         {@link Integer#MAX_VALUE} never, 0 always
     */
    public SlurmReader(SlurmClient client, ParseLimits limits, Duration fullReadInterval, Clock clock,
                       int incrementalAbove, IncrementalJobs.Settings incrementalSettings) {
        this.client = client;
        this.limits = limits;
        this.clock = clock;
        this.jobs = new ChangeDetector<>(client, fullReadInterval, clock);
        this.incrementalAbove = incrementalAbove;
        this.incrementalSettings = incrementalSettings;
    }

    /** One consistent read; its time is when the pass began (the oldest moment the view may reflect). */
    public synchronized SlurmSnapshot readSnapshot() throws SlurmFailure {
        Instant startedAt = clock.instant();
        Duration bodiesBefore = client.bodyReadTime();
        long started = System.nanoTime();
        try {
            SlurmSnapshot s = read(startedAt);
            reportRead(Duration.ofNanos(System.nanoTime() - started));
            return s;
        } finally {
            lastParseTime = client.bodyReadTime().minus(bodiesBefore);
        }
    }

    /** Whole reads that take this long are a queue grown past what reading it whole is for. */
    static final Duration SLOW_WHOLE_READ = Duration.ofSeconds(10);

    private void reportRead(Duration took) {
        lastReadTime = took;
        client.metrics().slurmJobsRead(lastJobCount, lastUnread, incremental != null, took.toNanos() / 1e9);
        if (incremental == null && took.compareTo(SLOW_WHOLE_READ) > 0) {
            LOG.warnf("reading Slurm took %d ms for %d listed jobs, more than %d s: lower "
                    + "skaler.slurm.jobs.incremental-above (now %d) so a queue this size is read incrementally",
                    took.toMillis(), lastJobCount, SLOW_WHOLE_READ.toSeconds(), incrementalAbove);
        }
        if (lastUnread > 0 && !warmingUp) {
            warmingUp = true;
            LOG.infof("%d job(s) listed by Slurm (pending, or running with pending jobs depending on them) are not "
                    + "read yet; reading them a part per cycle, new jobs first; scale-in is held until all are read",
                    lastUnread);
        } else if (lastUnread == 0 && warmingUp) {
            warmingUp = false;
            LOG.infof("every pending job listed by Slurm has been read (%d listed)", lastJobCount);
        }
    }

    /** How the job list is read now. */
    public synchronized JobsReadState jobsReadState() {
        return new JobsReadState(incremental != null, lastJobCount, lastUnread,
                incremental == null ? Duration.ZERO : incremental.recheckRound(), lastReadTime);
    }

    /** Of the last {@link #readSnapshot()}: the time spent streaming and parsing answers (the cycle's parse phase). */
    public synchronized Duration lastParseTime() {
        return lastParseTime;
    }

    private SlurmSnapshot read(Instant startedAt) throws SlurmFailure {
        ApiVersion version = client.apiVersion();
        SlurmAnswer<SlurmPartition> partitions = client.partitions(in -> new PartitionsParser(limits).parse(in));
        SlurmAnswer<SlurmNode> nodes = client.nodes(in -> new NodesParser(limits).parse(in));
        SlurmAnswer<Reservation> reservations = reservations();
        EligibilityContext ctx = EligibilityContext.of(nodes.items(), partitions.items());
        boolean clusterViewChanged = !nodes.items().equals(previousNodes) || !partitions.items().equals(previousPartitions);
        if (useIncremental()) {
            return readIncrementally(ctx, clusterViewChanged, nodes, partitions, reservations, version, startedAt);
        }
        ChangeDetector.JobsRead<JobsParser.JobList> read =
                jobs.read(in -> new JobsParser(limits).parseWithRunning(in, ctx), clusterViewChanged);
        SlurmAnswer<PendingJob> pending = read.jobs().pending();
        lastUnread = 0;

        if (read.changed()) {
            requireSame(Endpoint.JOBS, pending.meta(), partitions.meta(), version);
        }
        acceptClusterView(nodes, partitions, version);
        List<String> problems = new ArrayList<>(pending.problems());
        problems.addAll(nodes.problems());
        problems.addAll(partitions.problems());
        problems.addAll(reservations.problems());
        if (read.changed() && !problems.isEmpty()) {
            LOG.warnf("read Slurm with %d problem(s), first: %s", problems.size(), problems.get(0));
        }
        lastProblems = List.copyOf(problems);
        jobsReread = read.changed();
        return new SlurmSnapshot(pending.items(), nodes.items(), partitions.items(), version.text(), startedAt, 0,
                reservations.items(), read.jobs().running());
    }

    /**
     * {@code GET reservations}. A slurmrestd that does not serve it (404 on a version it serves otherwise: a
     * simulator) gives none, with the problem said: jobs waiting for a reservation are then not counted ahead.
     */
    private SlurmAnswer<Reservation> reservations() throws SlurmFailure {
        try {
            return client.reservations(in -> new ReservationsParser(limits).parse(in));
        } catch (BadAnswer e) {
            if (e.status() != 404) {
                throw e;
            }
            return new SlurmAnswer<>(List.of(), new AnswerMeta("", "", "", 0, List.of()), List.of("slurmrestd does not serve reservations ("
                    + e.getMessage() + "): jobs waiting for a reservation are not counted ahead"));
        }
    }

    /**
     * Jobs Slurm holds now: slurmctld's own pending and running counts ({@code diag}, one cheap RPC); where
     * {@code diag} is refused (PrivateData=usage for a non-operator) or absent, the entries of a full
     * {@code jobs/state}.
     */
    private int countJobs() throws SlurmFailure {
        if (diagCounts) {
            try {
                return (int) Math.min(Integer.MAX_VALUE, counts.estimate(client.jobCounts()));
            } catch (BadAnswer | AuthFailure e) {
                diagCounts = false;
                LOG.infof("counting jobs with GET diag failed (%s); counting them with GET jobs/state instead",
                        e.getMessage());
            }
        }
        return client.jobStates(JobStates::read).total();
    }

    private boolean useIncremental() throws SlurmFailure {
        if (incremental != null) {
            lastJobCount = countJobs();
            if (lastJobCount >= 0 && lastJobCount < incrementalAbove / 2) {
                LOG.infof("Slurm lists %d jobs, under half of %d: reading the job list whole again", lastJobCount,
                        incrementalAbove);
                incremental = null;
                jobs.reset();
                return false;
            }
            return true;
        }
        // counted before every whole read: a whole answer of a queue that grew huge must not happen
        lastJobCount = countJobs();
        if (lastJobCount > incrementalAbove) {
            LOG.infof("Slurm lists %d jobs, over %d (skaler.slurm.jobs.incremental-above): reading new and changed "
                    + "jobs only from now on", lastJobCount, incrementalAbove);
            incremental = new IncrementalJobs(client, limits, incrementalSettings, clock);
            lastUnread = lastJobCount; // none read yet: a first read that fails must not show the queue as read
            return true;
        }
        return false;
    }

    private SlurmSnapshot readIncrementally(EligibilityContext ctx, boolean clusterViewChanged,
                                            SlurmAnswer<SlurmNode> nodes, SlurmAnswer<SlurmPartition> partitions,
                                            SlurmAnswer<Reservation> reservations, ApiVersion version,
                                            Instant startedAt) throws SlurmFailure {
        IncrementalJobs.View view = incremental.read(ctx, clusterViewChanged, lastJobCount);
        acceptClusterView(nodes, partitions, version);
        List<String> problems = new ArrayList<>(nodes.problems());
        problems.addAll(partitions.problems());
        problems.addAll(reservations.problems());
        lastProblems = List.copyOf(problems);
        jobsReread = true;
        lastUnread = view.unread();
        return new SlurmSnapshot(view.pending(), nodes.items(), partitions.items(), version.text(), startedAt,
                view.unread(), reservations.items(), view.running());
    }

    /**
     * Checks that nodes and partitions come from one cluster and that the API version held through the read, then
     * keeps them as the view the next read compares against (eligibility depends on them).
     */
    private void acceptClusterView(SlurmAnswer<SlurmNode> nodes, SlurmAnswer<SlurmPartition> partitions,
                                   ApiVersion version) throws SlurmFailure {
        requireSame(Endpoint.NODES, nodes.meta(), partitions.meta(), version);
        if (client.apiVersion() != version) {
            throw new BadAnswer(Endpoint.JOBS, "slurmrestd changed API version during the read (" + version + " -> "
                    + client.apiVersion() + "); the next read will be consistent", null);
        }
        previousNodes = nodes.items();
        previousPartitions = partitions.items();
    }

    /** Whether the job list is read incrementally now (Slurm lists more than {@code incrementalAbove} jobs). */
    public synchronized boolean incremental() {
        return incremental != null;
    }

    /** While reading incrementally, when the pending job read longest ago was read; else {@link Instant#MAX}. */
    public synchronized Instant oldestRead() {
        return incremental == null ? Instant.MAX : incremental.oldestRead();
    }

    /** Jobs Slurm listed at the last count (every job and array task), -1 before the first. */
    public synchronized int lastJobCount() {
        return lastJobCount;
    }

    /** Pending jobs known but not read yet at the last read (only while reading incrementally). */
    public synchronized int lastUnread() {
        return lastUnread;
    }

    /**
     * The cheap poll: asks {@code jobs?update_time=} whether anything changed since the last read, reading only the
     * head of the answer. True before the first read.
     */
    public boolean jobsChangedSinceLastRead() throws SlurmFailure {
        if (incremental()) {
            return true; // its cycle is the cheap poll
        }
        var since = jobs.lastUpdate();
        if (since.isEmpty()) {
            return true;
        }
        return client.jobsChangedSince(since.getAsLong(), in -> JobsHead.probe(in).jobs() != JobsHead.Jobs.EMPTY);
    }

    /** What the parsers noticed and did not guess about in the last read (see {@link SlurmAnswer#problems()}). */
    public synchronized List<String> lastProblems() {
        return lastProblems;
    }

    /** Whether the last read parsed a fresh job list (false: slurmctld said nothing changed, the previous was kept). */
    public synchronized boolean jobsReread() {
        return jobsReread;
    }

    private static void requireSame(Endpoint endpoint, AnswerMeta a, AnswerMeta reference, ApiVersion version)
            throws BadAnswer {
        String expected = "data_parser/" + version.text();
        if (!a.dataParser().isEmpty() && !a.dataParser().equals(expected)) {
            throw new BadAnswer(endpoint, "answer is from " + a.dataParser() + ", expected " + expected, null);
        }
        if (!a.cluster().isEmpty() && !reference.cluster().isEmpty() && !a.cluster().equals(reference.cluster())) {
            throw new BadAnswer(endpoint, "answers from two clusters in one read: " + a.cluster() + " and "
                    + reference.cluster(), null);
        }
    }
}
