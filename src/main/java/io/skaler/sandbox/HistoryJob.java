package io.skaler.sandbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One job of a real cluster's accounting history ({@code sacct --json} or slurmrestd's {@code /slurmdb/.../jobs}), as
 * {@code sandbox --history} replays it: submitted at its real time with its real request, running for its real
 * elapsed time ({@link JobRequest#runtime()}), or cancelled at the moment it was cancelled while still pending.
 *
 * @param id                     the job's id in the history ({@code 123}, {@code 123_4} for an array task), for reports
 * @param submitted              the real submit time
 * @param request                what was asked; {@code runtime} is the real elapsed time
 * @param cancelledWhilePendingAt when it was cancelled before it ever started, else empty
 */
public record HistoryJob(String id, Instant submitted, JobRequest request, Optional<Instant> cancelledWhilePendingAt) {

    public HistoryJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(submitted, "submitted");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(cancelledWhilePendingAt, "cancelledWhilePendingAt");
        if (cancelledWhilePendingAt.isPresent() && cancelledWhilePendingAt.get().isBefore(submitted)) {
            throw new IllegalArgumentException("job " + id + ": cancelled before it was submitted");
        }
    }
}
