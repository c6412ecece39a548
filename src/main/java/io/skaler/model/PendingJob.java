package io.skaler.model;

import java.util.List;

/**
 * One pending Slurm job (or one collapsed pending array record), as the planner needs it.
 *
 * @param jobId           Slurm job id (for an array record, the array job id)
 * @param partitions      candidate partitions in the order the user listed them
 * @param minNodes        minimum node count ({@code node_count})
 * @param maxNodes        maximum node count, 0 when none was given
 * @param tasks           task count, at least 1
 * @param cpusPerTask     CPUs per task, at least 1
 * @param minCpus         CPUs for the whole job ({@code cpus})
 * @param minCpusPerNode  {@code minimum_cpus_per_node}, 0 when unset
 * @param memory          memory request
 * @param gresPerNode     {@code tres_per_node}, e.g. {@code gpu:h100 -> 8}
 * @param gresPerJob      {@code tres_per_job} ({@code --gpus=16}), spread over the fewest nodes
 * @param gresPerTask     {@code tres_per_task} ({@code --gpus-per-task}), times {@code tasks}
 * @param gresPerSocket   {@code tres_per_socket}
 * @param features        the {@code --constraint} expression, {@code ""} when none
 * @param exclusive       {@code --exclusive}: the job takes whole nodes
 * @param runnableTasks   1 for a plain job; for an array record the tasks still pending that may run now (throttle applied)
 * @param hetJobId        het-job leader id, 0 when not a het job
 * @param hetJobOffset    component offset within the het job
 * @param priority        Slurm priority
 * @param submitTime      unix seconds
 * @param eligibleTime    unix seconds, 0 when unknown
 * @param stateReason     Slurm's {@code state_reason}
 * @param stateDescription Slurm's {@code state_description}, {@code ""} when none
 * @param eligibility     whether more nodes would help, and why
 * @param pendingTasks    1 for a plain job; for an array record every task id still pending, throttle or not (what
 *                        Slurm's own pending counters count), at least {@code runnableTasks}
 * @param reservation     {@code resv_name}, {@code ""} when none
 * @param dependency      Slurm's {@code dependency} text, e.g. {@code afterok:12(unfulfilled)}; {@code ""} when none
 */
public record PendingJob(
        long jobId,
        List<String> partitions,
        int minNodes,
        int maxNodes,
        int tasks,
        int cpusPerTask,
        int minCpus,
        int minCpusPerNode,
        MemoryRequest memory,
        Gres gresPerNode,
        Gres gresPerJob,
        Gres gresPerTask,
        Gres gresPerSocket,
        String features,
        boolean exclusive,
        int runnableTasks,
        long hetJobId,
        int hetJobOffset,
        long priority,
        long submitTime,
        long eligibleTime,
        String stateReason,
        String stateDescription,
        Eligibility eligibility,
        int pendingTasks,
        String reservation,
        String dependency) {

    /** A job whose pending tasks are all runnable (a plain job, or an array without throttle). */
    public PendingJob(long jobId, List<String> partitions, int minNodes, int maxNodes, int tasks, int cpusPerTask,
            int minCpus, int minCpusPerNode, MemoryRequest memory, Gres gresPerNode, Gres gresPerJob,
            Gres gresPerTask, Gres gresPerSocket, String features, boolean exclusive, int runnableTasks,
            long hetJobId, int hetJobOffset, long priority, long submitTime, long eligibleTime, String stateReason,
            String stateDescription, Eligibility eligibility) {
        this(jobId, partitions, minNodes, maxNodes, tasks, cpusPerTask, minCpus, minCpusPerNode, memory, gresPerNode,
                gresPerJob, gresPerTask, gresPerSocket, features, exclusive, runnableTasks, hetJobId, hetJobOffset,
                priority, submitTime, eligibleTime, stateReason, stateDescription, eligibility,
                Math.max(1, runnableTasks), "", "");
    }

    /** A job that waits for no reservation and has no dependency. */
    public PendingJob(long jobId, List<String> partitions, int minNodes, int maxNodes, int tasks, int cpusPerTask,
            int minCpus, int minCpusPerNode, MemoryRequest memory, Gres gresPerNode, Gres gresPerJob,
            Gres gresPerTask, Gres gresPerSocket, String features, boolean exclusive, int runnableTasks,
            long hetJobId, int hetJobOffset, long priority, long submitTime, long eligibleTime, String stateReason,
            String stateDescription, Eligibility eligibility, int pendingTasks) {
        this(jobId, partitions, minNodes, maxNodes, tasks, cpusPerTask, minCpus, minCpusPerNode, memory, gresPerNode,
                gresPerJob, gresPerTask, gresPerSocket, features, exclusive, runnableTasks, hetJobId, hetJobOffset,
                priority, submitTime, eligibleTime, stateReason, stateDescription, eligibility, pendingTasks, "", "");
    }

    public PendingJob {
        partitions = List.copyOf(partitions);
        if (reservation == null || dependency == null) {
            throw new IllegalArgumentException("job " + jobId + ": reservation and dependency must not be null");
        }
        if (minNodes < 1) {
            throw new IllegalArgumentException("job " + jobId + ": minNodes must be >= 1, got " + minNodes);
        }
        if (maxNodes != 0 && maxNodes < minNodes) {
            throw new IllegalArgumentException("job " + jobId + ": maxNodes " + maxNodes + " < minNodes " + minNodes);
        }
        if (tasks < 1 || cpusPerTask < 1 || runnableTasks < 0 || minCpus < 0 || minCpusPerNode < 0
                || pendingTasks < Math.max(1, runnableTasks)) {
            throw new IllegalArgumentException("job " + jobId + ": counts out of range");
        }
    }

    public boolean isHetComponent() {
        return hetJobId != 0;
    }
}
