package io.skaler.slurm;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The running jobs that tracked pending jobs depend on, for {@link IncrementalJobs}: a whole read gives the planner
 * each of them with its start and end ({@link JobsParser#parseWithRunning}), which tells when such a dependency will
 * be met; here each one is read by {@code job/{id}} once {@code jobs/state} shows it running, again when its entries
 * change, and dropped once no pending job names it. Kept current as jobs are read or forgotten (a count of the pending
 * jobs naming each id), so a cycle costs the jobs that changed, not a scan of the queue.
 */
final class DependedOnJobs {
    private final TreeMap<Long, Integer> dependents = new TreeMap<>();

    /**
     * Takes what one tracked job names now (nothing unless it pends); ids no pending job names any more drop their
     * running record. New names are counted before old ones are let go, so a job read again naming the same ids
     * keeps the running records read so far.
     */
    void update(TrackedJob t, Map<Long, TrackedJob> byId) {
        List<Long> now = t.pendingInState ? named(t.records) : List.of();
        if (now.equals(t.dependsOn)) {
            return;
        }
        now.forEach(id -> dependents.merge(id, 1, Integer::sum));
        release(t, byId);
        t.dependsOn = now;
    }

    /** A job no longer tracked names nothing. */
    void remove(TrackedJob t, Map<Long, TrackedJob> byId) {
        release(t, byId);
        t.dependsOn = List.of();
    }

    private void release(TrackedJob t, Map<Long, TrackedJob> byId) {
        for (long id : t.dependsOn) {
            if (dependents.merge(id, -1, Integer::sum) == 0) {
                dependents.remove(id);
                TrackedJob named = byId.get(id);
                if (named != null) {
                    named.forgetRunning();
                }
            }
        }
    }

    private static List<Long> named(List<PendingJob> records) {
        TreeSet<Long> ids = new TreeSet<>();
        for (PendingJob j : records) {
            if (!j.dependency().isEmpty()) {
                ids.addAll(DependencyIds.of(j.dependency()));
            }
        }
        return ids.isEmpty() ? List.of() : List.copyOf(ids);
    }

    /** Depended on and running in {@code jobs/state}: polled every cycle, so its end frees its dependents at once. */
    List<Long> hotIds(Map<Long, TrackedJob> byId) {
        List<Long> hot = new ArrayList<>();
        for (long id : dependents.keySet()) {
            TrackedJob t = byId.get(id);
            if (t != null && t.runningInState && !t.hot()) {
                hot.add(id);
            }
        }
        return hot;
    }

    /** Up to {@code max} depended-on jobs running in {@code jobs/state} whose record is to be read again. */
    List<TrackedJob> nextToRead(int max, Map<Long, TrackedJob> byId, Instant now) {
        List<TrackedJob> batch = new ArrayList<>(max);
        for (long id : dependents.keySet()) {
            TrackedJob t = byId.get(id);
            if (unreadRunning(t, now)) {
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
        for (long id : dependents.keySet()) {
            TrackedJob t = byId.get(id);
            if (t != null && t.runningInState && t.running != null) {
                out.add(t.running);
            }
        }
        return out;
    }

    /** Depended-on jobs running in {@code jobs/state} whose record is to be read again. */
    int unread(Map<Long, TrackedJob> byId, Instant now) {
        int n = 0;
        for (long id : dependents.keySet()) {
            if (unreadRunning(byId.get(id), now)) {
                n++;
            }
        }
        return n;
    }

    private static boolean unreadRunning(TrackedJob t, Instant now) {
        return t != null && t.runningInState && t.runningStale(now.getEpochSecond());
    }
}
