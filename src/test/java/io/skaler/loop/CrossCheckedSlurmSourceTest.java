package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.Gres;
import io.skaler.model.SlurmSnapshot;
import io.skaler.slurm.MetricsCrossCheck;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmMetricsReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slurm's own metrics beside the job list: a change signal between job-list reads and a cross-check whose
 * disagreement is a metric, never a decision input. Served by a local HTTP server from exposition fixtures written
 * from the documented names (slurm-exporter's {@code slurm_partition_jobs_pending_total}).
 */
class CrossCheckedSlurmSourceTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger jobListReads = new AtomicInteger();
    private HttpServer server;
    private volatile int status = 200;
    private volatile String exposition = "";
    private volatile SlurmSource.Change jobListChange = SlurmSource.Change.UNCHANGED;
    private CrossCheckedSlurmSource source;
    private SlurmSnapshot snapshot;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
        snapshot = new SlurmSnapshot(List.of(LoopMetricsRig.job(1, "gpu", Gres.of("gpu", 8)),
                LoopMetricsRig.job(2, "gpu", Gres.of("gpu", 8)), LoopMetricsRig.heldJob(3, "cpu")), List.of(),
                List.of(), "v0.0.42", T0);
        SlurmSource jobList = new SlurmSource() {
            @Override
            public Observation<SlurmSnapshot> read() {
                jobListReads.incrementAndGet();
                return Observation.fresh(snapshot, T0);
            }

            @Override
            public Change changedSinceLastRead() {
                return jobListChange;
            }
        };
        source = new CrossCheckedSlurmSource(jobList,
                new SlurmMetricsReader(url, SlurmClientSettings.of(url), registry), new MetricsCrossCheck(registry));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void pending(long gpu, long cpu) {
        exposition = "# TYPE slurm_partition_jobs_pending_total gauge\n"
                + "slurm_partition_jobs_pending_total{partition=\"gpu\"} " + gpu + "\n"
                + "slurm_partition_jobs_pending_total{partition=\"cpu\"} " + cpu + "\n";
    }

    private double disagreement(String partition) {
        return registry.get("skaler.slurm.metrics.disagreement").tag("partition", partition).gauge().value();
    }

    @Test
    void disagreementIsAMetricAndTheSnapshotPassesUntouched() {
        pending(5, 1);

        var read = source.read();

        assertThat(read).isInstanceOf(Observation.Fresh.class);
        assertThat(((Observation.Fresh<SlurmSnapshot>) read).value()).isSameAs(snapshot);
        assertThat(disagreement("gpu")).as("5 by the exporter, 2 in the job list").isEqualTo(3);
        assertThat(disagreement("cpu")).as("held jobs are pending too").isZero();
    }

    @Test
    void countsThatMovedSinceTheLastReadSignalAChange() {
        pending(2, 1);
        source.read();
        assertThat(source.changedSinceLastRead()).isEqualTo(SlurmSource.Change.UNCHANGED);

        pending(3, 1); // a job submitted: the exporter sees it before the next job-list read
        assertThat(source.changedSinceLastRead()).isEqualTo(SlurmSource.Change.CHANGED);

        source.read();
        assertThat(source.changedSinceLastRead()).isEqualTo(SlurmSource.Change.UNCHANGED);
        assertThat(jobListReads).hasValue(2);
    }

    @Test
    void theJobListsOwnSignalComesFirst() {
        pending(2, 1);
        source.read();
        jobListChange = SlurmSource.Change.FAILED;
        assertThat(source.changedSinceLastRead()).isEqualTo(SlurmSource.Change.FAILED);
        jobListChange = SlurmSource.Change.CHANGED;
        assertThat(source.changedSinceLastRead()).isEqualTo(SlurmSource.Change.CHANGED);
    }

    @Test
    void aFailingMetricsEndpointChangesNothingButItsRequestCounter() {
        pending(2, 1);
        source.read();
        status = 503;
        pending(9, 9);

        assertThat(source.read()).isInstanceOf(Observation.Fresh.class);
        assertThat(source.changedSinceLastRead()).isEqualTo(SlurmSource.Change.UNCHANGED);
        assertThat(disagreement("gpu")).as("the last cross-check stands").isZero();
        assertThat(registry.get("skaler.slurmrestd.requests").tag("endpoint", "metrics").tag("status", "503")
                .counter().count()).isEqualTo(2);

        exposition = "not an exposition {";
        status = 200;
        assertThat(source.read()).isInstanceOf(Observation.Fresh.class);
    }
}
