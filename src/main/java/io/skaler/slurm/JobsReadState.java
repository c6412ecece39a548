package io.skaler.slurm;

import java.time.Duration;

/**
 * How skaler reads Slurm's job list now, for {@code /api/v1/status}, metrics and logs.
 *
 * @param incremental  true once Slurm lists more than {@code skaler.slurm.jobs.incremental-above} jobs
 * @param listed       jobs and array tasks listed at the last count, -1 before the first
 * @param unread       pending jobs listed but not read yet (scale-in is held while above 0)
 * @param recheckRound incremental: how long one round of re-reading every job takes, the bound on seeing a hold, a
 *                     release or an {@code scontrol update}; zero when whole reads see them at once
 * @param lastRead     how long the last read of jobs, nodes and partitions took
 */
public record JobsReadState(boolean incremental, int listed, int unread, Duration recheckRound, Duration lastRead) {

    public String mode() {
        return incremental ? "incremental" : "whole";
    }
}
