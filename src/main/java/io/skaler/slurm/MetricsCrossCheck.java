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
 * Compares Slurm's metric of pending jobs per partition with the count skaler derives from the job list, and reports
 * the difference as {@code skaler_slurm_metrics_disagreement{partition}} (metric minus job list) and a log line when
 * it changes. Never a decision input: the two count differently (Slurm 25.11 counts each job in one partition and
 * every array task, slurm-exporter splits multi-partition jobs), so a small standing difference is expected; a
 * sudden one says one of the two views is stale or wrong.
 */
public final class MetricsCrossCheck {

    private static final Logger LOG = Logger.getLogger(MetricsCrossCheck.class);

    private final SkalerMetrics exported;
    private final Map<String, Long> last = new HashMap<>();

    public MetricsCrossCheck(MeterRegistry registry) {
        this.exported = SkalerMetrics.on(registry);
    }

    /** Pending records per listed partition; an array record counts its runnable tasks (at least 1). */
    public static Map<String, Long> pendingPerPartition(List<PendingJob> jobs) {
        Map<String, Long> counts = new HashMap<>();
        for (PendingJob j : jobs) {
            long weight = Math.max(1, j.runnableTasks());
            for (String p : j.partitions()) {
                counts.merge(p, weight, Long::sum);
            }
        }
        return counts;
    }

    /** Updates the gauges; returns the per-partition differences (metric minus job list), zeros left out. */
    public synchronized Map<String, Long> check(PartitionPending metrics, Map<String, Long> fromJobList) {
        TreeSet<String> partitions = new TreeSet<>(metrics.counts().keySet());
        partitions.addAll(fromJobList.keySet());
        Map<String, Long> differences = new HashMap<>();
        Map<String, Long> all = new HashMap<>();
        for (String p : partitions) {
            long diff = metrics.of(p) - fromJobList.getOrDefault(p, 0L);
            all.put(p, diff);
            if (diff != 0) {
                differences.put(p, diff);
            }
            if (diff != last.getOrDefault(p, 0L)) {
                LOG.infof("partition %s: %s says %d pending, the job list %d (difference %d)", p, metrics.source(),
                        metrics.of(p), fromJobList.getOrDefault(p, 0L), diff);
            }
        }
        last.clear();
        last.putAll(all);
        exported.slurmMetricsDisagreement(all);
        return differences;
    }
}
