package io.skaler.planner;

import io.skaler.model.AnticipatedJob;
import io.skaler.model.ExcludedJob;
import io.skaler.model.PendingJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups the snapshot's pending jobs into {@link JobClass}es. Jobs more nodes would not help (held, dependency,
 * QOS limits: their {@link io.skaler.model.Eligibility}), jobs not eligible before a later time and arrays with no
 * task allowed to run are excluded here, with the reason. The time test is made here, against the plan's {@code now},
 * because Slurm's {@code state_reason} lags: right after {@code sbatch --begin} it still reads sbatch's
 * {@code ReqNodeNotAvail} until the next scheduler pass, while {@code eligible_time} already tells; and an unchanged
 * job list is kept between reads, so a test made when it was read would not notice the time arrive. A job not yet
 * eligible but within the look-ahead is counted already ({@link Anticipation}).
 */
final class JobClasses {
    private final List<JobClass> classes;
    private final List<ExcludedJob> excluded;
    private final boolean complete;
    private final List<AnticipatedJob> anticipated;
    private final Optional<Instant> nextLookAheadEntry;

    private JobClasses(List<JobClass> classes, List<ExcludedJob> excluded, boolean complete,
                       List<AnticipatedJob> anticipated, Optional<Instant> nextLookAheadEntry) {
        this.classes = classes;
        this.excluded = excluded;
        this.complete = complete;
        this.anticipated = anticipated;
        this.nextLookAheadEntry = nextLookAheadEntry;
    }

    static JobClasses group(List<PendingJob> jobs, Instant now, PlanBudget.Stopwatch budget) {
        return group(jobs, now, budget, Anticipation.NONE);
    }

    /** Groups the jobs; those not yet eligible but within {@code ahead}'s look-ahead are counted, and listed. */
    static JobClasses group(List<PendingJob> jobs, Instant now, PlanBudget.Stopwatch budget, Anticipation ahead) {
        Map<JobClass.Key, JobClass> byKey = new HashMap<>();
        List<JobClass> classes = new ArrayList<>();
        List<ExcludedJob> excluded = new ArrayList<>();
        List<AnticipatedJob> anticipated = new ArrayList<>();
        boolean complete = true;
        Instant nextEntry = null;
        Map<Long, String> blockedHet = blockedHetJobs(jobs, now, ahead);
        for (int i = 0; i < jobs.size(); i++) {
            if ((i & 1023) == 1023 && budget.exhausted()) {
                complete = false;
                break;
            }
            PendingJob job = jobs.get(i);
            if (job.isHetComponent() && blockedHet.containsKey(job.hetJobId())) {
                excluded.add(new ExcludedJob(job.jobId(), "het job " + job.hetJobId() + ": "
                        + blockedHet.get(job.hetJobId()) + "; its components start together, so none is counted"));
                continue;
            }
            var notYet = ahead.beforeEligible(job, now);
            if (notYet.isPresent() && notYet.get() instanceof Anticipation.Excluded ex) {
                excluded.add(new ExcludedJob(job.jobId(), ex.reason()));
                if (ex.entersLookAheadAt().isPresent()
                        && (nextEntry == null || ex.entersLookAheadAt().get().isBefore(nextEntry))) {
                    nextEntry = ex.entersLookAheadAt().get();
                }
                continue;
            }
            // only the time holds a job counted ahead: it is demand whatever BeginTime makes its eligibility say
            boolean countedAhead = notYet.isPresent() && notYet.get() instanceof Anticipation.Counted;
            if (!countedAhead && !job.eligibility().demand()) {
                excluded.add(new ExcludedJob(job.jobId(), job.eligibility().reason()));
                continue;
            }
            if (job.runnableTasks() == 0) {
                excluded.add(new ExcludedJob(job.jobId(), "no array task may run now (throttle)"));
                continue;
            }
            JobClass.Key key = JobClass.Key.of(job);
            JobClass cls = byKey.get(key);
            if (cls == null) {
                cls = new JobClass(key, classes.size());
                byKey.put(key, cls);
                classes.add(cls);
            }
            cls.add(job);
            if (countedAhead) {
                anticipated.add(((Anticipation.Counted) notYet.get()).job());
            }
        }
        return new JobClasses(classes, excluded, complete, List.copyOf(anticipated), Optional.ofNullable(nextEntry));
    }

    /**
     * Het jobs with a component more nodes would not help now (held, dependency, no task may run), with the first
     * such component and its reason: all components start together, so none of them is demand.
     */
    private static Map<Long, String> blockedHetJobs(List<PendingJob> jobs, Instant now, Anticipation ahead) {
        Map<Long, String> blocked = new HashMap<>();
        for (PendingJob job : jobs) {
            if (!job.isHetComponent() || blocked.containsKey(job.hetJobId())) {
                continue;
            }
            var notYet = ahead.beforeEligible(job, now);
            boolean countedAhead = notYet.isPresent() && notYet.get() instanceof Anticipation.Counted;
            if (notYet.isPresent() && notYet.get() instanceof Anticipation.Excluded ex) {
                blocked.put(job.hetJobId(), "component +" + job.hetJobOffset() + " (job " + job.jobId() + ") "
                        + ex.reason());
            } else if (!countedAhead && !job.eligibility().demand()) {
                blocked.put(job.hetJobId(), "component +" + job.hetJobOffset() + " (job " + job.jobId() + ") "
                        + job.eligibility().reason());
            } else if (job.runnableTasks() == 0) {
                blocked.put(job.hetJobId(), "component +" + job.hetJobOffset() + " (job " + job.jobId()
                        + ") has no task that may run now");
            }
        }
        return blocked;
    }

    /** Classes in first-seen order. */
    List<JobClass> classes() {
        return classes;
    }

    List<ExcludedJob> excluded() {
        return excluded;
    }

    /** Jobs counted before they are eligible, in snapshot order. */
    List<AnticipatedJob> anticipated() {
        return anticipated;
    }

    /** The earliest instant a job excluded only for being beyond its look-ahead comes within it. */
    Optional<Instant> nextLookAheadEntry() {
        return nextLookAheadEntry;
    }

    /** False when the budget ran out before every job was grouped: demand is then a lower bound. */
    boolean complete() {
        return complete;
    }
}
