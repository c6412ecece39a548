package io.skaler.slurm;

import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.metrics.SkalerMetrics;
import io.skaler.model.PendingJob;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Compares Slurm's metric of pending jobs per partition with the same count taken from the job list, and reports how
 * far the metric lies outside what the job list allows as {@code skaler_slurm_metrics_disagreement{partition}} and a
 * log line when it changes. Never a decision input. The job-list side counts as slurmctld 26.05's
 * {@code slurm_partition_jobs_pending} does (measured on 26.05.5): every pending array task one by one, throttled or
 * not; held and dependent jobs too; each het-job component as a job; a job listing several partitions in exactly one
 * of them, the one slurmctld last tried, which the job list does not say. So a partition's count is a range: the jobs
 * that list only it, up to those plus the multi-partition jobs that list it; inside that range there is no
 * disagreement. A standing difference means a different exporter (slurm-exporter splits multi-partition jobs); a
 * sudden one, that one of the two views is stale or wrong.
 */
public final class MetricsCrossCheck {

    private static final Logger LOG = Logger.getLogger(MetricsCrossCheck.class);

    /**
     * Pending tasks per partition from the job list.
     *
     * @param only   tasks of jobs that list only this partition (Slurm must count them here)
     * @param shared tasks of jobs that list this partition among others (Slurm counts each in one of them)
     */
    public record JobListCounts(Map<String, Long> only, Map<String, Long> shared) {
        public JobListCounts {
            only = Map.copyOf(only);
            shared = Map.copyOf(shared);
        }

        /** Counts without multi-partition jobs: the range of each partition is one number. */
        public static JobListCounts exact(Map<String, Long> counts) {
            return new JobListCounts(counts, Map.of());
        }

        public long min(String partition) {
            return only.getOrDefault(partition, 0L);
        }

        public long max(String partition) {
            return min(partition) + shared.getOrDefault(partition, 0L);
        }

        String describe(String partition) {
            return min(partition) == max(partition) ? Long.toString(min(partition))
                    : min(partition) + ".." + max(partition);
        }
    }

    private final SkalerMetrics exported;
    private final Map<String, Long> last = new HashMap<>();

    public MetricsCrossCheck(MeterRegistry registry) {
        this.exported = SkalerMetrics.on(registry);
    }

    /** Every pending record, blocked or not; an array record counts each task id still pending. */
    public static JobListCounts pendingPerPartition(List<PendingJob> jobs) {
        Map<String, Long> only = new HashMap<>();
        Map<String, Long> shared = new HashMap<>();
        for (PendingJob j : jobs) {
            long tasks = j.pendingTasks();
            Map<String, Long> into = j.partitions().size() == 1 ? only : shared;
            for (String p : j.partitions()) {
                into.merge(p, tasks, Long::sum);
            }
        }
        return new JobListCounts(only, shared);
    }

    /** As {@link #check(PartitionPending, JobListCounts)} with exact job-list counts. */
    public Map<String, Long> check(PartitionPending metrics, Map<String, Long> fromJobList) {
        return check(metrics, JobListCounts.exact(fromJobList));
    }

    /**
     * Updates the gauges; returns per partition how far the metric lies outside the job list's range (negative
     * below it, positive above it), zeros left out.
     */
    public synchronized Map<String, Long> check(PartitionPending metrics, JobListCounts fromJobList) {
        TreeSet<String> partitions = new TreeSet<>(metrics.counts().keySet());
        partitions.addAll(fromJobList.only().keySet());
        partitions.addAll(fromJobList.shared().keySet());
        Map<String, Long> differences = new HashMap<>();
        Map<String, Long> all = new HashMap<>();
        for (String p : partitions) {
            long m = metrics.of(p);
            long diff = m < fromJobList.min(p) ? m - fromJobList.min(p)
                    : m > fromJobList.max(p) ? m - fromJobList.max(p) : 0;
            all.put(p, diff);
            if (diff != 0) {
                differences.put(p, diff);
            }
            if (diff != last.getOrDefault(p, 0L)) {
                LOG.infof("partition %s: %s says %d pending, the job list %s (difference %d)", p, metrics.source(),
                        m, fromJobList.describe(p), diff);
            }
        }
        last.clear();
        last.putAll(all);
        exported.slurmMetricsDisagreement(all);
        return differences;
    }
}
