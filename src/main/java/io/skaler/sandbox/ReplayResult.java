package io.skaler.sandbox;

import java.time.Instant;

/**
 * One of the three replays of a history.
 *
 * @param neverRan  jobs that never started: refused at submission (no configured node could run them) or still
 *                  pending when the run ended
 * @param rejected  of those, refused at submission
 * @param endedAt   virtual time the run ended (queue empty and the quiet tail passed, or given up)
 * @param wallSeconds how long the replay took on this machine
 */
record ReplayResult(String name, ReplayStats stats, int neverRan, int rejected, int cancelledWhilePending,
        Instant endedAt, double wallSeconds) {

    double gpuNodeHoursProvisioned() {
        return stats.gpuNodeHoursProvisioned();
    }

    double gpuNodeHoursBusy() {
        return stats.gpuNodeHoursBusy();
    }

    double gpuNodeHoursIdle() {
        return stats.gpuNodeHoursProvisioned() - stats.gpuNodeHoursBusy();
    }
}
