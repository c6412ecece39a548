package io.skaler.model;

/**
 * A running job that a pending job's dependency names: when it started and when Slurm will end it at the latest.
 *
 * @param startTime unix seconds
 * @param endTime   unix seconds: {@code start_time} plus the time limit as Slurm reports it; 0 when the job has no
 *                  time limit (Slurm then shows a year after its start, which says nothing)
 */
public record RunningJob(long jobId, long startTime, long endTime) {
    public RunningJob {
        if (startTime < 0 || endTime < 0) {
            throw new IllegalArgumentException("job " + jobId + ": times must not be negative");
        }
    }

    public boolean endKnown() {
        return endTime > 0;
    }
}
