package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.Eligibility;
import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import io.skaler.model.PendingJob;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slurm's pending-per-partition metrics read over HTTP and compared with the job list. */
class SlurmMetricsReaderTest {

    private FakeSlurmrestd server;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() throws IOException {
        server = new FakeSlurmrestd();
        server.serve("metrics"); // the fake routes /slurm/<x>/...; metrics live at /slurm/metrics/<file> here
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PartitionPending readFixture(String name) throws Exception {
        byte[] body = OpenMetricsParserTest.fixture(name).readAllBytes();
        server.on("/" + name, s -> new FakeSlurmrestd.Reply(200, "text/plain; version=0.0.4", body, null));
        URI url = URI.create(server.url() + "/slurm/metrics/" + name);
        return new SlurmMetricsReader(url, SlurmClientSettings.of(server.url()), registry).readPending();
    }

    @Test
    void reads_slurm_25_11s_own_metrics_without_a_token() throws Exception {
        PartitionPending p = readFixture("slurm-25.11-partitions.txt");

        assertThat(p.source()).isEqualTo("slurm_partition_jobs_pending");
        assertThat(p.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 1L, "gpu-h100", 37L, "trn1", 0L));
        FakeSlurmrestd.Seen get = server.seen().get(0);
        assertThat(get.header("X-SLURM-USER-TOKEN")).isEmpty();
        assertThat(get.header("Accept").orElseThrow()).contains("application/openmetrics-text");
        assertThat(registry.get("skaler.slurmrestd.requests").tags("endpoint", "metrics", "version", "none", "status", "200")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void reads_slurm_exporter_v0_3_and_v0_2_names() throws Exception {
        assertThat(readFixture("slurm-exporter-v0.3.txt").counts())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 1L, "gpu-h100", 35L, "trn1", 2L));
        PartitionPending old = readFixture("slurm-exporter-v0.2.txt");
        assertThat(old.source()).isEqualTo("slurm_partition_pending_jobs");
        assertThat(old.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 1L, "gpu-h100", 36L));
    }

    @Test
    void metrics_without_a_pending_family_or_with_odd_values_are_bad_answers() {
        assertThatThrownBy(() -> SlurmMetricsReader.pendingFrom(List.of(
                new OpenMetricsParser.Sample("slurm_partitions", Map.of(), 3))))
                .isInstanceOf(BadAnswer.class).hasMessageContaining("none of [slurm_partition_jobs_pending");
        assertThatThrownBy(() -> SlurmMetricsReader.pendingFrom(List.of(
                new OpenMetricsParser.Sample("slurm_partition_jobs_pending", Map.of("partition", "gpu"), 2.5))))
                .isInstanceOf(BadAnswer.class).hasMessageContaining("whole non-negative count");
        assertThatThrownBy(() -> SlurmMetricsReader.pendingFrom(List.of(
                new OpenMetricsParser.Sample("slurm_partition_jobs_pending", Map.of(), 2))))
                .isInstanceOf(BadAnswer.class).hasMessageContaining("partition ''");
    }

    @Test
    void a_malformed_exposition_is_a_bad_answer_with_the_line() {
        server.on("/broken", s -> FakeSlurmrestd.Reply.text(200, "slurm_partition_jobs_pending{partition=\"a\"} x\n"));
        SlurmMetricsReader reader = new SlurmMetricsReader(URI.create(server.url() + "/slurm/metrics/broken"),
                SlurmClientSettings.of(server.url()), registry);

        assertThatThrownBy(reader::readPending).isInstanceOfSatisfying(BadAnswer.class,
                f -> assertThat(f.getMessage()).contains("line 1: 'x' is not a number"));
    }

    @Test
    void a_missing_endpoint_says_how_to_turn_it_on() {
        SlurmMetricsReader reader = new SlurmMetricsReader(URI.create(server.url() + "/metrics/partitions"),
                SlurmClientSettings.of(server.url()), registry);

        assertThatThrownBy(reader::readPending).isInstanceOfSatisfying(BadAnswer.class,
                f -> assertThat(f.getMessage()).contains("MetricsType=metrics/openmetrics"));
    }

    @Test
    void the_cross_check_reports_how_far_the_metric_lies_outside_the_job_lists_range_and_drops_vanished_ones() {
        MetricsCrossCheck check = new MetricsCrossCheck(registry);
        List<PendingJob> jobs = List.of(job(1, List.of("gpu-h100"), 1), job(2, List.of("gpu-h100", "trn1"), 1),
                job(3, List.of("gpu-h100"), 4));
        MetricsCrossCheck.JobListCounts fromJobs = MetricsCrossCheck.pendingPerPartition(jobs);
        assertThat(fromJobs.only()).containsExactlyInAnyOrderEntriesOf(Map.of("gpu-h100", 5L));
        assertThat(fromJobs.shared()).containsExactlyInAnyOrderEntriesOf(Map.of("gpu-h100", 1L, "trn1", 1L));

        // Slurm counts job 2 in one of its partitions: gpu-h100 may say 5 or 6, trn1 0 or 1
        Map<String, Long> diff = check.check(new PartitionPending("slurm_partition_jobs_pending",
                Map.of("gpu-h100", 6L, "cpu", 2L)), fromJobs);

        assertThat(diff).containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 2L));
        assertThat(gauge("gpu-h100")).isZero();
        assertThat(gauge("cpu")).isEqualTo(2.0);
        assertThat(gauge("trn1")).isZero();
        assertThat(check.check(new PartitionPending("slurm_partition_jobs_pending", Map.of("gpu-h100", 4L)), fromJobs))
                .as("below the jobs that list only gpu-h100").containsEntry("gpu-h100", -1L);

        check.check(new PartitionPending("slurm_partition_jobs_pending", Map.of("gpu-h100", 7L)), Map.of("gpu-h100", 6L));

        assertThat(gauge("gpu-h100")).isEqualTo(1.0);
        assertThat(registry.find("skaler.slurm.metrics.disagreement").gauges()).hasSize(1);
    }

    private double gauge(String partition) {
        return registry.get("skaler.slurm.metrics.disagreement").tag("partition", partition).gauge().value();
    }

    private static PendingJob job(long id, List<String> partitions, int runnableTasks) {
        return new PendingJob(id, partitions, 1, 0, 1, 1, 1, 0, MemoryRequest.UNSPECIFIED, Gres.NONE, Gres.NONE,
                Gres.NONE, Gres.NONE, "", false, runnableTasks, 0, 0, 1, 0, 0, "Resources", "",
                Eligibility.demand("Resources"));
    }
}
