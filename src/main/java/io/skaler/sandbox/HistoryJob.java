package io.skaler.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One job of a real cluster's accounting history ({@code sacct --json} or slurmrestd's {@code /slurmdb/.../jobs}), as
 * {@code sandbox --history} replays it: submitted at its real time with its real request, running for its real
 * elapsed time ({@link JobRequest#runtime()}), or cancelled at the moment it was cancelled while still pending.
 * A het job is one history job of several components, submitted together and started all or none.
 *
 * @param id                      the job's id in the history ({@code 123}, {@code 123_4} for an array task, the
 *                                leader's id for a het job), for reports
 * @param submitted               the real submit time
 * @param request                 what was asked (a het job's leader, offset 0); {@code runtime} is the real elapsed time
 * @param cancelledWhilePendingAt when it was cancelled before it ever started, else empty
 * @param laterComponents         a het job's components after the leader (offsets 1, 2, ...); empty for other jobs
 */
public record HistoryJob(String id, Instant submitted, JobRequest request, Optional<Instant> cancelledWhilePendingAt,
        List<JobRequest> laterComponents) {

    public HistoryJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(submitted, "submitted");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(cancelledWhilePendingAt, "cancelledWhilePendingAt");
        laterComponents = List.copyOf(laterComponents);
        if (cancelledWhilePendingAt.isPresent() && cancelledWhilePendingAt.get().isBefore(submitted)) {
            throw new IllegalArgumentException("job " + id + ": cancelled before it was submitted");
        }
    }

    /** A job that is not het. */
    public HistoryJob(String id, Instant submitted, JobRequest request, Optional<Instant> cancelledWhilePendingAt) {
        this(id, submitted, request, cancelledWhilePendingAt, List.of());
    }

    public boolean het() {
        return !laterComponents.isEmpty();
    }

    /** Every component in offset order: the leader's request first; just {@code request} for a job that is not het. */
    public List<JobRequest> components() {
        if (laterComponents.isEmpty()) {
            return List.of(request);
        }
        List<JobRequest> all = new ArrayList<>(1 + laterComponents.size());
        all.add(request);
        all.addAll(laterComponents);
        return all;
    }
}
