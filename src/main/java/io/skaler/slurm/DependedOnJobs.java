package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The running jobs that tracked pending jobs depend on, for {@link IncrementalJobs}: a whole read gives the planner
 * each of them with its start and end ({@link JobsParser#parseWithRunning}), which tells when such a dependency will
 * be met; here each one is read by {@code job/{id}} once {@code jobs/state} shows it running, again when its entries
 * change, and dropped once no pending job names it.
 */
final class DependedOnJobs {
    private final TreeSet<Long> ids = new TreeSet<>();

    /** Takes the ids the pending jobs' dependencies name now; jobs no longer named drop their running record. */
    void refresh(Collection<TrackedJob> all, Map<Long, TrackedJob> byId) {
        TreeSet<Long> now = new TreeSet<>();
        for (TrackedJob t : all) {
            if (!t.pendingInState) {
                continue;
            }
            for (PendingJob j : t.records) {
                if (!j.dependency().isEmpty()) {
                    now.addAll(DependencyIds.of(j.dependency()));
                }
            }
        }
        for (long id : ids) {
            TrackedJob t = byId.get(id);
            if (t != null && !now.contains(id)) {
                t.forgetRunning();
            }
        }
        ids.clear();
        ids.addAll(now);
    }

    /** Depended on and running in {@code jobs/state}: polled every cycle, so its end frees its dependents at once. */
    List<Long> hotIds(Map<Long, TrackedJob> byId) {
        List<Long> hot = new ArrayList<>();
        for (long id : ids) {
            TrackedJob t = byId.get(id);
            if (t != null && t.runningInState && !t.hot()) {
                hot.add(id);
            }
        }
        return hot;
    }

    /** Up to {@code max} depended-on jobs running in {@code jobs/state} whose record is unread or older than their state. */
    List<TrackedJob> nextToRead(int max, Map<Long, TrackedJob> byId) {
        List<TrackedJob> batch = new ArrayList<>(max);
        for (long id : ids) {
            TrackedJob t = byId.get(id);
            if (t != null && t.runningInState && t.runningStale()) {
                batch.add(t);
                if (batch.size() == max) {
                    break;
                }
            }
        }
        return batch;
    }

    /**
     * The running jobs as a whole read would list them, in job id order; a record read before the job's state last
     * changed stands until it is read again (counted in {@link #unread}).
     */
    List<RunningJob> running(Map<Long, TrackedJob> byId) {
        List<RunningJob> out = new ArrayList<>();
        for (long id : ids) {
            TrackedJob t = byId.get(id);
            if (t != null && t.runningInState && t.running != null) {
                out.add(t.running);
            }
        }
        return out;
    }

    /** Depended-on jobs running in {@code jobs/state} whose record is not read at their current state. */
    int unread(Map<Long, TrackedJob> byId) {
        int n = 0;
        for (long id : ids) {
            TrackedJob t = byId.get(id);
            if (t != null && t.runningInState && t.runningStale()) {
                n++;
            }
        }
        return n;
    }
}
