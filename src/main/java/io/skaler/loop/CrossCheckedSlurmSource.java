package io.skaler.loop;

import io.skaler.model.SlurmSnapshot;
import io.skaler.slurm.MetricsCrossCheck;
import io.skaler.slurm.PartitionPending;
import io.skaler.slurm.SlurmFailure;
import io.skaler.slurm.SlurmMetricsReader;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Slurm's own pending-jobs-per-partition metrics (Slurm 25.11+ OpenMetrics or slurm-exporter) beside the job list, when
 * configured ({@code skaler.slurm.metrics.enabled}). Two uses, neither a decision input: a cheap change signal
 * between job-list reads (counts that moved since the last cycle trigger one), and a cross-check after each fresh
 * read (a disagreement is {@code skaler_slurm_metrics_disagreement} and a log line). The snapshot is passed on
 * untouched, and a metrics endpoint that fails changes nothing but a log line and the request counter.
 */
final class CrossCheckedSlurmSource implements SlurmSource {
    private static final Logger LOG = Logger.getLogger(CrossCheckedSlurmSource.class);

    private final SlurmSource jobList;
    private final SlurmMetricsReader reader;
    private final MetricsCrossCheck check;
    /** The counts read beside the last fresh job list; a poll that reads others has seen a change. */
    private volatile Map<String, Long> lastCounts;
    private volatile String lastFailure = "";

    CrossCheckedSlurmSource(SlurmSource jobList, SlurmMetricsReader reader, MetricsCrossCheck check) {
        this.jobList = jobList;
        this.reader = reader;
        this.check = check;
    }

    @Override
    public Observation<SlurmSnapshot> read() {
        Observation<SlurmSnapshot> read = jobList.read();
        if (read instanceof Observation.Fresh<SlurmSnapshot> fresh) {
            readMetrics().ifPresent(pending -> {
                lastCounts = pending.counts();
                check.check(pending, MetricsCrossCheck.pendingPerPartition(fresh.value().pendingJobs()));
            });
        }
        return read;
    }

    @Override
    public java.time.Duration lastParseTime() {
        return jobList.lastParseTime();
    }

    @Override
    public Change changedSinceLastRead() {
        Change change = jobList.changedSinceLastRead();
        if (change != Change.UNCHANGED) {
            return change;
        }
        Map<String, Long> seen = lastCounts;
        return readMetrics().filter(p -> seen != null && !p.counts().equals(seen))
                .map(p -> Change.CHANGED).orElse(Change.UNCHANGED);
    }

    private Optional<PartitionPending> readMetrics() {
        try {
            var pending = reader.readPending();
            if (!lastFailure.isEmpty()) {
                LOG.infof("Slurm metrics at %s readable again", reader.url());
                lastFailure = "";
            }
            return Optional.of(pending);
        } catch (SlurmFailure | RuntimeException e) { // never a decision input, so never a reason to fail a cycle
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!why.equals(lastFailure)) {
                LOG.warnf("Slurm metrics at %s unreadable, cross-check skipped: %s", reader.url(), why);
                lastFailure = why;
            }
            return Optional.empty();
        }
    }
}
