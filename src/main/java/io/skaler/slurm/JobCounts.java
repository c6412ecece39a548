package io.skaler.slurm;

/**
 * slurmctld's own job counts ({@code GET diag}) and what skaler makes of them. slurmctld recounts pending and
 * running jobs only every 30 s ({@code JOB_COUNT_INTERVAL}, src/slurmctld/controller.c, 24.11 and 26.05), so a queue
 * can grow by any number of jobs between two counts; {@code jobs_submitted}, however, moves at every submission. The
 * estimate is therefore the last count plus every submission since it, which never under-counts: a queue that just
 * grew past what may be read whole is never read whole.
 *
 * @param pending       {@code jobs_pending} at {@code countedAt} (array tasks counted one by one)
 * @param running       {@code jobs_running} at {@code countedAt}
 * @param submitted     {@code jobs_submitted} now (since slurmctld's daily statistics reset)
 * @param countedAt     {@code job_states_ts}: when slurmctld last counted (unix seconds)
 */
public record JobCounts(long pending, long running, long submitted, long countedAt) {

    /** Tracks the submissions since slurmctld's last count across reads of {@code diag}. */
    public static final class Estimator {
        private long countedAt = -1;
        private long submittedAtCount;

        /**
         * Jobs Slurm may hold now: the last count plus the submissions since. The first time a count is seen, the
         * submissions before it are unknown, so all of today's are added (an over-estimate that lasts until
         * slurmctld counts again, at most 30 s; reading incrementally is right at any size, only costlier).
         */
        public long estimate(JobCounts c) {
            if (c.countedAt() != countedAt) {
                submittedAtCount = countedAt < 0 ? 0 : c.submitted();
                countedAt = c.countedAt();
            }
            long since = c.submitted() >= submittedAtCount ? c.submitted() - submittedAtCount : c.submitted();
            return c.pending() + c.running() + since;
        }
    }
}
