package io.skaler.planner;

import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import io.skaler.model.PendingJob;
import java.util.Arrays;
import java.util.List;

/**
 * Pending jobs that ask for exactly the same thing: same candidate partitions, node count, per-node request,
 * constraint and exclusivity. The planner packs classes with counts, never single jobs (cluster-autoscaler's
 * PodEquivalenceGroup): 100k jobs in 1,000 classes cost 1,000 packing steps.
 */
final class JobClass {

    /** What a job asks for, without who asked or when: two jobs with equal keys are interchangeable for packing. */
    record Key(
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
            long hetJobId,
            int hetJobOffset) {

        /** A het-job component is a class of its own: its het job is counted all or nothing. */
        static Key of(PendingJob job) {
            return new Key(job.partitions(), job.minNodes(), job.maxNodes(), job.tasks(), job.cpusPerTask(),
                    job.minCpus(), job.minCpusPerNode(), job.memory(), job.gresPerNode(), job.gresPerJob(),
                    job.gresPerTask(), job.gresPerSocket(), job.features(), job.exclusive(), job.hetJobId(),
                    job.isHetComponent() ? job.hetJobOffset() : 0);
        }

        /** The same request with another memory request. */
        Key withMemory(MemoryRequest other) {
            return new Key(partitions, minNodes, maxNodes, tasks, cpusPerTask, minCpus, minCpusPerNode, other,
                    gresPerNode, gresPerJob, gresPerTask, gresPerSocket, features, exclusive, hetJobId, hetJobOffset);
        }

        /** CPUs the whole job asks for, whatever the shape. */
        long cpus() {
            return Math.max(Math.max(minCpus, (long) tasks * cpusPerTask), (long) minCpusPerNode * minNodes);
        }

        /** GRES of one kind ({@code gpu}) the whole job asks for at its minimum node count. */
        long gres(String kind) {
            return gresPerNode.total(kind) * minNodes + gresPerJob.total(kind)
                    + gresPerTask.total(kind) * tasks + gresPerSocket.total(kind) * minNodes;
        }

    }

    private final Key key;
    private final int order;
    private long[] jobIds = new long[4];
    private int records;
    private long jobs;

    JobClass(Key key, int order) {
        this.key = key;
        this.order = order;
    }

    void add(PendingJob job) {
        if (records == jobIds.length) {
            jobIds = Arrays.copyOf(jobIds, records * 2);
        }
        jobIds[records++] = job.jobId();
        jobs += job.runnableTasks();
    }

    Key key() {
        return key;
    }

    /** First-seen position in the snapshot: the deterministic tie-break wherever classes are sorted. */
    int order() {
        return order;
    }

    /** Jobs to place: array tasks allowed to run count one each. */
    long jobs() {
        return jobs;
    }

    int records() {
        return records;
    }

    long jobId(int i) {
        return jobIds[i];
    }

    /** A short label for reasons: the first job ids, then how many more. */
    String idsLabel() {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(records, 3);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ",").append(jobIds[i]);
        }
        if (records > shown) {
            sb.append(",+").append(records - shown);
        }
        return sb.toString();
    }
}
