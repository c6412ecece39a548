package io.skaler.sandbox;

import io.skaler.model.Gres;
import java.time.Duration;
import java.util.List;

/**
 * What a user asks of the simulated Slurm, the way {@code sbatch} options say it.
 *
 * @param partitions     {@code -p a,b}: candidate partitions in the order given
 * @param nodes          {@code -N}
 * @param tasks          {@code -n} (at least {@code nodes})
 * @param memoryPerNodeMB {@code --mem}, in MB (always given: the sandbox never relies on a default)
 * @param gresPerNode    {@code --gres=gpu:h100:8} / {@code --gpus-per-node}, shown as {@code tres_per_node}
 * @param gresPerJob     {@code --gpus=16}, shown as {@code tres_per_job}
 * @param gresPerTask    {@code --gpus-per-task=1}, shown as {@code tres_per_task}
 * @param arrayTasks     {@code --array=0-(n-1)}; 0 for a plain job
 * @param arrayThrottle  the {@code %N} of the array, 0 for none
 * @param runtime        how long the job really runs once started
 * @param timeLimit      {@code -t}
 * @param hold           {@code -H}: submitted held (never demand)
 * @param begin          {@code --begin=now+X}: eligible this long after submission; zero for at once
 * @param reservation    {@code --reservation=NAME}: runs only on that reservation's nodes, from its start;
 *                       {@code ""} for none
 */
public record JobRequest(
        String name,
        String user,
        List<String> partitions,
        int nodes,
        int tasks,
        int cpusPerTask,
        long memoryPerNodeMB,
        Gres gresPerNode,
        Gres gresPerJob,
        Gres gresPerTask,
        boolean exclusive,
        String features,
        int arrayTasks,
        int arrayThrottle,
        Duration runtime,
        Duration timeLimit,
        long priority,
        boolean hold,
        Duration begin,
        String reservation) {

    public JobRequest {
        partitions = List.copyOf(partitions);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("job " + name + ": partitions must not be empty");
        }
        if (nodes < 1 || tasks < nodes || cpusPerTask < 1) {
            throw new IllegalArgumentException("job " + name + ": needs nodes >= 1, tasks >= nodes, cpusPerTask >= 1");
        }
        if (memoryPerNodeMB < 1) {
            throw new IllegalArgumentException("job " + name + ": memoryPerNodeMB must be >= 1");
        }
        if (arrayTasks < 0 || arrayThrottle < 0) {
            throw new IllegalArgumentException("job " + name + ": array size and throttle must be >= 0");
        }
        if (runtime.isNegative() || timeLimit.compareTo(runtime) < 0) {
            throw new IllegalArgumentException("job " + name + ": runtime must be >= 0 and within timeLimit");
        }
        if (begin.isNegative()) {
            throw new IllegalArgumentException("job " + name + ": begin must be >= 0 (an offset after submission)");
        }
        if (reservation == null) {
            throw new IllegalArgumentException("job " + name + ": reservation must not be null (\"\" for none)");
        }
    }

    /** Without {@code --reservation}. */
    public JobRequest(String name, String user, List<String> partitions, int nodes, int tasks, int cpusPerTask,
            long memoryPerNodeMB, Gres gresPerNode, Gres gresPerJob, Gres gresPerTask, boolean exclusive,
            String features, int arrayTasks, int arrayThrottle, Duration runtime, Duration timeLimit, long priority,
            boolean hold, Duration begin) {
        this(name, user, partitions, nodes, tasks, cpusPerTask, memoryPerNodeMB, gresPerNode, gresPerJob, gresPerTask,
                exclusive, features, arrayTasks, arrayThrottle, runtime, timeLimit, priority, hold, begin, "");
    }

    /** A job eligible at once (no {@code --begin}). */
    public JobRequest(String name, String user, List<String> partitions, int nodes, int tasks, int cpusPerTask,
            long memoryPerNodeMB, Gres gresPerNode, Gres gresPerJob, Gres gresPerTask, boolean exclusive,
            String features, int arrayTasks, int arrayThrottle, Duration runtime, Duration timeLimit, long priority,
            boolean hold) {
        this(name, user, partitions, nodes, tasks, cpusPerTask, memoryPerNodeMB, gresPerNode, gresPerJob, gresPerTask,
                exclusive, features, arrayTasks, arrayThrottle, runtime, timeLimit, priority, hold, Duration.ZERO);
    }

    /** Submitted with a future {@code --begin}. */
    public boolean deferred() {
        return !begin.isZero();
    }

    /** Submitted with {@code --reservation}. */
    public boolean reserved() {
        return !reservation.isEmpty();
    }

    public boolean isArray() {
        return arrayTasks > 0;
    }

    /** Tasks on the busiest node: Slurm's block distribution puts {@code ceil(tasks / nodes)} on each. */
    public int tasksPerNode() {
        return (tasks + nodes - 1) / nodes;
    }

    /** CPUs each allocated node gives this job (all of it when exclusive). */
    public int cpusPerNode(int nodeCpus) {
        return exclusive ? nodeCpus : tasksPerNode() * cpusPerTask;
    }

    /** GRES each allocated node gives this job: per-node request, plus per-job spread evenly, plus per-task. */
    public Gres gresNeededPerNode() {
        Gres g = gresPerNode.plus(gresPerTask.times(tasksPerNode()));
        var perJob = new java.util.TreeMap<String, Long>();
        gresPerJob.amounts().forEach((k, v) -> perJob.put(k, (v + nodes - 1) / nodes));
        return g.plus(new Gres(perJob));
    }
}
