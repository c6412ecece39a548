package io.skaler.sandbox;

import java.util.List;

/**
 * Submits a history's jobs into the simulated Slurm, each at its own submit time, one scheduled at a time (a month of
 * jobs never sits on the clock at once), and cancels those that were cancelled while pending at that moment. A job
 * slurmctld refuses (no configured node could ever run it) is counted, not fatal. A het job is submitted as one, its
 * components together.
 */
final class HistorySubmissions {
    private final SimulatedSlurm slurm;
    private final List<HistoryJob> jobs;
    private int next;
    private int rejected;
    private int cancelled;

    /** @param jobs in submit order */
    HistorySubmissions(SimulatedSlurm slurm, List<HistoryJob> jobs) {
        this.slurm = slurm;
        this.jobs = jobs;
    }

    void scheduleFirst() {
        if (!jobs.isEmpty()) {
            slurm.clock().schedule(jobs.get(0).submitted(), this::submitDue);
        }
    }

    /** Submits every job due now (same-second submissions in one go), then schedules the next. */
    private void submitDue() {
        var now = slurm.clock().now();
        while (next < jobs.size() && !jobs.get(next).submitted().isAfter(now)) {
            submit(jobs.get(next++));
        }
        if (next < jobs.size()) {
            slurm.clock().schedule(jobs.get(next).submitted(), this::submitDue);
        }
    }

    private void submit(HistoryJob job) {
        long id;
        try {
            id = job.het() ? slurm.submitHet(job.components()) : slurm.submit(job.request());
        } catch (IllegalArgumentException e) {
            rejected++;
            return;
        }
        job.cancelledWhilePendingAt().ifPresent(at -> slurm.clock().schedule(at, () -> {
            if (slurm.cancelPending(id)) {
                cancelled++;
            }
        }));
    }

    boolean done() {
        return next >= jobs.size();
    }

    int rejected() {
        return rejected;
    }

    int cancelled() {
        return cancelled;
    }
}
