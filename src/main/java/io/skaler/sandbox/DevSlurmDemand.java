package io.skaler.sandbox;

import io.skaler.slurm.ArrayTasks;
import java.util.List;
import java.util.Map;

/**
 * {@link DemandEstimate}'s node need on the real Slurm of a {@code --slurm-url} run: the NodeSet's Slurm nodes running
 * jobs plus the pending work of the run's own jobs, read from Slurm's records and sized by the {@link JobRequest}
 * each was submitted from (by its largest share of a node; whole nodes for exclusive jobs). Held jobs need nothing;
 * a pending array counts the tasks its record still holds, as many as its throttle lets run beside the running
 * ones. Jobs not eligible yet ({@code --begin} to come, {@code afterok} unfulfilled) need nothing yet, as in
 * {@link DemandEstimate}. Jobs that are not the run's (a {@code --backlog}, held) are not read. Capped at the
 * NodeSet's size.
 */
final class DevSlurmDemand {
    private DevSlurmDemand() {
    }

    /**
     * @param slurmNodePrefix the NodeSet's Slurm node names before the ordinal ({@code gpu-h100-})
     * @param records         the run's job records as Slurm shows them
     * @param requests        the request each submission (job id) was made from
     * @param nodes           Slurm node name to its state flags
     * @param now             epoch seconds, against the records' eligible times
     */
    static int need(SandboxNodeSet ns, String slurmNodePrefix, List<DevSlurmJobs.Job> records,
            Map<Long, JobRequest> requests, Map<String, List<String>> nodes, long now) {
        int busy = (int) nodes.entrySet().stream().filter(e -> e.getKey().startsWith(slurmNodePrefix))
                .filter(e -> e.getValue().contains("ALLOCATED") || e.getValue().contains("MIXED")).count();
        double pendingNodes = 0;
        for (var j : records) {
            var r = requests.get(j.submission());
            if (r == null || !j.states().contains("PENDING") || !j.partition().equals(ns.partition())
                    || r.hold() || j.reason().startsWith("JobHeld") || j.notEligibleAt(now)) {
                continue;
            }
            long tasks = 1;
            if (!j.arrayTaskString().isEmpty()) {
                var pending = ArrayTasks.parse(j.arrayTaskString());
                long running = records.stream().filter(x -> x.arrayJobId() == j.arrayJobId() && x.started())
                        .filter(x -> !x.finished()).count();
                tasks = pending.throttle() > 0 ? Math.max(0, Math.min(pending.count(), pending.throttle() - running))
                        : pending.count();
            }
            pendingNodes += tasks * r.nodes() * DemandEstimate.share(r, ns.node().cpus(), ns.node().memoryMB(),
                    ns.node().gres());
        }
        return Math.min(ns.maxNodes(), busy + (int) Math.ceil(pendingNodes - 1e-9));
    }
}
