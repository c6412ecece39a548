package io.skaler.slurm;

import java.util.Map;
import java.util.TreeMap;

/**
 * Pending-job counts per partition as a metrics source states them.
 *
 * @param source the metric family they were read from, e.g. {@code slurm_partition_jobs_pending}
 * @param counts partition name to pending jobs
 */
public record PartitionPending(String source, Map<String, Long> counts) {
    public PartitionPending {
        counts = java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    public long of(String partition) {
        return counts.getOrDefault(partition, 0L);
    }
}
