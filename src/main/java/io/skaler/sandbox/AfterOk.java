package io.skaler.sandbox;

/**
 * A job's {@code --dependency=afterok:ID}, as slurmctld keeps it (Slurm {@code src/slurmctld/job_scheduler.c}
 * {@code test_job_dependency}, {@code _depend_list2str}; job_mgr.c {@code job_independent}, docs/upstream.md): shown
 * {@code afterok:ID(unfulfilled)} while job ID has not ended, {@code afterok:ID(failed)} once it ended otherwise than
 * COMPLETED (the job then stays pending, {@code DependencyNeverSatisfied}, as without {@code kill_invalid_depend}),
 * and no longer shown once fulfilled, when the job becomes eligible ({@code eligible_time} that moment).
 *
 * @param on         the job depended on, 0 for no dependency
 * @param status     where the dependency stands
 * @param releasedAt when it was found fulfilled (the job's {@code eligible_time}), 0 before
 */
public record AfterOk(long on, Status status, long releasedAt) {
    public enum Status { UNFULFILLED, FAILED, FULFILLED }

    public static final AfterOk NONE = new AfterOk(0, Status.FULFILLED, 0);

    public static AfterOk on(long jobId) {
        return new AfterOk(jobId, Status.UNFULFILLED, 0);
    }

    public boolean exists() {
        return on != 0;
    }

    /** Waiting for job {@code on} to end. */
    public boolean unfulfilled() {
        return exists() && status == Status.UNFULFILLED;
    }

    /** Its job ended otherwise than COMPLETED: this one can never run. */
    public boolean failed() {
        return exists() && status == Status.FAILED;
    }

    AfterOk fulfilled(long now) {
        return new AfterOk(on, Status.FULFILLED, now);
    }

    AfterOk failedNow() {
        return new AfterOk(on, Status.FAILED, 0);
    }

    /** The {@code dependency} field: Slurm flushes the list once it is fulfilled. */
    public String served() {
        return switch (status) {
            case UNFULFILLED -> "afterok:" + on + "(unfulfilled)";
            case FAILED -> "afterok:" + on + "(failed)";
            case FULFILLED -> "";
        };
    }
}
