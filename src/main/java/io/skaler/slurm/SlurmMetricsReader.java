package io.skaler.slurm;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Slurm's own view of pending jobs per partition from a Prometheus/OpenMetrics endpoint: Slurm 25.11+
 * ({@code MetricsType=metrics/openmetrics}, plain HTTP on slurmctld's port, no token; under Slinky
 * {@code http://<release>-controller.<namespace>.svc.cluster.local:6817/metrics/partitions}) or
 * SlinkyProject's slurm-exporter ({@code /metrics}). A cheap signal and a cross-check only: skaler's decisions come from
 * the job list, which carries what these counts lack (GPUs, node counts, eligibility).
 */
public final class SlurmMetricsReader {

    /** Families carrying pending jobs per partition (label {@code partition}), in the order they are preferred. */
    public static final List<String> PENDING_FAMILIES = List.of(
            "slurm_partition_jobs_pending",        // Slurm 25.11+ openmetrics (held jobs, every array task, see MetricsCrossCheck)
            "slurm_partition_jobs_pending_total",  // slurm-exporter v0.3+ (splits multi-partition jobs)
            "slurm_partition_pending_jobs");       // slurm-exporter v0.1/v0.2

    static final String ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.9";

    private final URI url;
    private final SlurmHttp http;

    public SlurmMetricsReader(URI url, SlurmClientSettings settings, MeterRegistry registry) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("skaler.slurm.metrics.url: expected an http(s) URL, got '" + url + "'");
        }
        this.url = url;
        this.http = new SlurmHttp(settings, registry);
    }

    public URI url() {
        return url;
    }

    /** Reads the endpoint once; a BadAnswer when it carries none of the {@link #PENDING_FAMILIES}. */
    public PartitionPending readPending() throws SlurmFailure {
        SlurmHttp.Call call = new SlurmHttp.Call(Endpoint.METRICS, "none", url, ACCEPT, false);
        SlurmHttp.Answer<List<OpenMetricsParser.Sample>> answer = http.exchange(call, Optional.empty(), Optional.empty(),
                in -> OpenMetricsParser.parse(in, PENDING_FAMILIES::contains));
        if (answer instanceof SlurmHttp.Answer.NotFound<List<OpenMetricsParser.Sample>> nf) {
            throw new BadAnswer(Endpoint.METRICS, 404, nf.errors(), "no metrics at " + url
                    + " (Slurm 25.11+ serves /metrics/partitions only with MetricsType=metrics/openmetrics)", null);
        }
        return pendingFrom(((SlurmHttp.Answer.Read<List<OpenMetricsParser.Sample>>) answer).value());
    }

    /** Picks the most preferred family present and sums its samples per {@code partition} label. */
    static PartitionPending pendingFrom(List<OpenMetricsParser.Sample> samples) throws BadAnswer {
        for (String family : PENDING_FAMILIES) {
            Map<String, Long> counts = new HashMap<>();
            boolean present = false;
            for (OpenMetricsParser.Sample s : samples) {
                if (!s.name().equals(family)) {
                    continue;
                }
                present = true;
                String partition = s.label("partition");
                double v = s.value();
                if (partition.isEmpty() || Double.isNaN(v) || Double.isInfinite(v) || v < 0 || v != Math.rint(v)) {
                    throw new BadAnswer(Endpoint.METRICS, "sample of " + family + " with partition '" + partition
                            + "' and value " + v + ": expected a partition label and a whole non-negative count", null);
                }
                counts.merge(partition, (long) v, Long::sum);
            }
            if (present) {
                return new PartitionPending(family, counts);
            }
        }
        throw new BadAnswer(Endpoint.METRICS, "the metrics carry none of " + PENDING_FAMILIES, null);
    }
}
