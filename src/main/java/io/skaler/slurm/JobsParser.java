package io.skaler.slurm;

import io.skaler.model.Eligibility;
import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a {@code GET /slurm/v0.0.4x/jobs} answer (v0.0.40 to v0.0.45) into the pending jobs skaler plans with.
 * Keeps only records whose {@code job_state} contains PENDING, each classified by {@link EligibilityClassifier};
 * running array tasks are only counted, per {@code array_job_id}, so a throttled array ({@code %N}) contributes no
 * more tasks than it may start now. Thread-safe: every parse has its own state; one instance can serve all reads.
 */
public final class JobsParser {
    private final AnswerReader reader;

    public JobsParser(ParseLimits limits) {
        this.reader = new AnswerReader(limits);
    }

    public JobsParser() {
        this(ParseLimits.DEFAULT);
    }

    /**
     * @param ctx partitions and nodes read just before, for the reasons whose meaning depends on them
     * @throws IOException        only when reading {@code body} fails
     * @throws BadAnswerException for any problem with the content, or when {@code errors[]} is not empty
     */
    public SlurmAnswer<PendingJob> parse(InputStream body, EligibilityContext ctx) throws IOException, BadAnswerException {
        var run = new Run(ctx);
        AnswerMeta meta = reader.read(body, "jobs", run::readJob);
        return run.finish(meta);
    }

    /**
     * A {@code GET job/{id}} (or {@code GET jobs}) answer for the incremental view: the pending records as
     * {@link #parse} gives them, with what each one's eligibility was derived from (to derive it again when nodes or
     * partitions change) and the highest job id of any record, pending or not (array tasks split off the meta record
     * and het components have ids of their own, which the view must know to look for new jobs beyond them).
     */
    public TrackedAnswer parseTracked(InputStream body, EligibilityContext ctx) throws IOException, BadAnswerException {
        var run = new Run(ctx);
        AnswerMeta meta = reader.read(body, "jobs", run::readJob);
        return new TrackedAnswer(run.finish(meta), List.copyOf(run.inputs), run.highestJobId, run.records);
    }

    /** See {@link #parseTracked}; {@code inputs} is parallel to {@code answer.items()}. */
    public record TrackedAnswer(SlurmAnswer<PendingJob> answer, List<EligibilityInputs> inputs, long highestJobId,
                                int records) { }

    /** What a pending record's {@link io.skaler.model.Eligibility} comes from, besides the record itself. */
    public record EligibilityInputs(boolean hold, String dependency) {

        /** The eligibility of {@code job} against another view of nodes and partitions. */
        public PendingJob reclassify(PendingJob job, EligibilityContext ctx) {
            var e = EligibilityClassifier.classify(job.stateReason(), job.stateDescription(), hold, dependency,
                    job.minNodes(), job.partitions(), ctx);
            return e.equals(job.eligibility()) ? job : JobRecord.withEligibility(job, e);
        }
    }

    /**
     * The pending jobs as {@link #parse} gives them, and the running jobs their dependencies name (when each started
     * and when its time limit ends it), which tell when such a dependency will be met.
     */
    public JobList parseWithRunning(InputStream body, EligibilityContext ctx) throws IOException, BadAnswerException {
        var run = new Run(ctx);
        AnswerMeta meta = reader.read(body, "jobs", run::readJob);
        SlurmAnswer<PendingJob> pending = run.finish(meta);
        return new JobList(pending, run.dependedOn(pending.items()));
    }

    /**
     * The running records of a {@code GET job/{id}} answer (that of an array lists its other records too), by job id,
     * read as {@link #parseWithRunning} reads them: the incremental view reads the running jobs pending jobs depend on
     * one by one.
     */
    public Map<Long, RunningJob> parseRunning(InputStream body, EligibilityContext ctx)
            throws IOException, BadAnswerException {
        var run = new Run(ctx);
        reader.read(body, "jobs", run::readJob);
        return Map.copyOf(run.running);
    }

    /** Pending jobs and the running jobs they depend on. */
    public record JobList(SlurmAnswer<PendingJob> pending, List<RunningJob> running) {
        public JobList {
            running = List.copyOf(running);
        }
    }

    public SlurmAnswer<PendingJob> parse(byte[] body, EligibilityContext ctx) throws BadAnswerException {
        var run = new Run(ctx);
        AnswerMeta meta = reader.read(body, "jobs", run::readJob);
        return run.finish(meta);
    }

    static String exclusivityHidden(ApiVersion v, int pendingJobs) {
        return "exclusive jobs cannot be recognised: " + v + " job records do not say which jobs are --exclusive "
                + "(shared is always [], no exclusive field), so any of the " + pendingJobs + " pending job(s) that "
                + "is exclusive is planned as if it shared its nodes; read v0.0.44 or older where slurmrestd serves it";
    }

    /** State of one parse. */
    private static final class Run {
        private final EligibilityContext ctx;
        private final RecordPool pool = new RecordPool();
        private final JobRecord rec = new JobRecord();
        private final List<PendingJob> jobs = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        /** Indexes into {@link #jobs} of throttled array records, capped once every running task has been counted. */
        private final List<int[]> throttled = new ArrayList<>();
        private final Map<Long, Integer> runningTasks = new HashMap<>();
        private final List<EligibilityInputs> inputs = new ArrayList<>();
        private final Map<Long, RunningJob> running = new HashMap<>();
        private long highestJobId;
        private int records;

        Run(EligibilityContext ctx) {
            this.ctx = ctx;
        }

        void readJob(SlurmJsonReader r, int index) throws IOException, BadAnswerException {
            rec.reset();
            while (r.next() == JsonToken.FIELD_NAME) {
                String field = r.name();
                r.next();
                rec.readField(field, r, pool);
            }
            String at = "/jobs/" + index;
            if (rec.jobId < 0) {
                throw new BadAnswerException(at + "/job_id", "missing");
            }
            if (!rec.sawState) {
                throw new BadAnswerException(at + "/job_state", "missing (job " + rec.jobId + ")");
            }
            highestJobId = Math.max(highestJobId, rec.jobId);
            records++;
            if (rec.running && !rec.pending && rec.arrayJobId != 0 && rec.arrayTaskSet) {
                runningTasks.merge(rec.arrayJobId, 1, Integer::sum);
            }
            if (!rec.pending) {
                if (rec.running) {
                    running.put(rec.jobId, rec.toRunningJob());
                }
                return;
            }
            if (rec.partitions == null || rec.partitions.isEmpty()) {
                throw new BadAnswerException(at + "/partition", "missing or empty for pending job " + rec.jobId);
            }
            if (rec.arrayTasks.truncated()) {
                problems.add("job " + rec.jobId + ": array_task_string ends in \"...\" (slurmrestd cut it; set "
                        + "SLURM_BITSTR_LEN=0 on slurmrestd); counted only the " + rec.arrayTasks.count()
                        + " task(s) listed in full, at least 1");
            }
            Eligibility e = EligibilityClassifier.classify(rec.stateReason, rec.stateDescription, rec.hold,
                    rec.dependency, Math.max(1, rec.nodeCount), rec.partitions, ctx);
            try {
                jobs.add(rec.toPendingJob(pool, e));
                inputs.add(new EligibilityInputs(rec.hold, rec.dependency));
            } catch (IllegalArgumentException | ArithmeticException ex) {
                throw new BadAnswerException(at, "inconsistent job record: " + ex.getMessage(), ex);
            }
            if (rec.arrayMetaRecord() && rec.throttle() > 0) {
                throttled.add(new int[] {jobs.size() - 1, rec.throttle()});
            }
        }

        /** The running jobs some pending job's dependency names, in job id order. */
        List<RunningJob> dependedOn(List<PendingJob> pending) {
            java.util.TreeMap<Long, RunningJob> out = new java.util.TreeMap<>();
            for (PendingJob j : pending) {
                for (long id : DependencyIds.of(j.dependency())) {
                    RunningJob r = running.get(id);
                    if (r != null) {
                        out.put(id, r);
                    }
                }
            }
            return List.copyOf(out.values());
        }

        SlurmAnswer<PendingJob> finish(AnswerMeta meta) {
            ApiVersion.fromDataParser(meta.dataParser()).filter(v -> !v.showsExclusivity() && !jobs.isEmpty())
                    .ifPresent(v -> problems.add(exclusivityHidden(v, jobs.size())));
            for (int[] t : throttled) {
                PendingJob j = jobs.get(t[0]);
                int running = runningTasks.getOrDefault(j.jobId(), 0);
                int room = Math.max(0, t[1] - running);
                if (room < j.runnableTasks()) {
                    jobs.set(t[0], JobRecord.withRunnableTasks(j, room));
                }
            }
            return new SlurmAnswer<>(jobs, meta, problems);
        }
    }
}
