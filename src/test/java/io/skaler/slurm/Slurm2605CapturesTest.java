package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real answers of Slurm 26.05.5 (slurmrestd v0.0.42-45 and slurmctld's OpenMetrics, captured by
 * {@code deploy/dev/slurm/capture} from one queue; the jobs are listed in {@code real-26.05/jobs.tsv}).
 */
class Slurm2605CapturesTest {
    static final List<ApiVersion> SERVED = List.of(ApiVersion.V0_0_42, ApiVersion.V0_0_43, ApiVersion.V0_0_44,
            ApiVersion.V0_0_45);

    static InputStream resource(String path) {
        InputStream in = Slurm2605CapturesTest.class.getResourceAsStream("/slurm/real-26.05/" + path);
        assertThat(in).as(path).isNotNull();
        return in;
    }

    static SlurmAnswer<PendingJob> jobs(ApiVersion v) throws IOException, BadAnswerException {
        try (InputStream nodes = resource(v + "/nodes.json"); InputStream parts = resource(v + "/partitions.json");
             InputStream jobs = resource(v + "/jobs.json")) {
            var ctx = EligibilityContext.of(new NodesParser().parse(nodes).items(),
                    new PartitionsParser().parse(parts).items());
            return new JobsParser().parse(jobs, ctx);
        }
    }

    @Test
    void every_served_version_reads_the_same_queue_except_exclusivity_which_v0_0_45_hides() throws Exception {
        List<PendingJob> v44 = jobs(ApiVersion.V0_0_44).items();
        assertThat(v44).extracting(PendingJob::jobId).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L,
                13L, 14L);
        assertThat(v44).filteredOn(PendingJob::exclusive).extracting(PendingJob::jobId).containsExactly(3L);
        for (ApiVersion v : SERVED) {
            SlurmAnswer<PendingJob> answer = jobs(v);
            assertThat(answer.meta().dataParser()).isEqualTo("data_parser/" + v);
            assertThat(answer.meta().release()).isEqualTo("26.05.5");
            List<PendingJob> read = answer.items();
            if (v.showsExclusivity()) {
                assertThat(read).as(v.text()).isEqualTo(v44);
                assertThat(answer.problems()).as(v.text()).isEmpty();
            } else {
                assertThat(read).as(v + ": job 3 is --exclusive, and nothing says so")
                        .isEqualTo(v44.stream().map(Slurm2605CapturesTest::notExclusive).toList());
                assertThat(answer.problems()).singleElement().asString()
                        .startsWith("exclusive jobs cannot be recognised: v0.0.45");
            }
        }
    }

    @Test
    void twenty_six_oh_five_fills_max_nodes_from_the_task_count_in_every_version() throws Exception {
        for (ApiVersion v : SERVED) {
            PendingJob fourTasks = jobs(v).items().stream().filter(j -> j.jobId() == 4).findFirst().orElseThrow();
            assertThat(fourTasks.minNodes()).isEqualTo(1);
            assertThat(fourTasks.maxNodes()).as(v + ": -n 4 without -N").isEqualTo(4);
        }
    }

    @Test
    void nodes_and_partitions_read_the_same_in_every_version() throws Exception {
        List<SlurmNode> nodes44;
        List<SlurmPartition> parts44;
        try (InputStream n = resource("v0.0.44/nodes.json"); InputStream p = resource("v0.0.44/partitions.json")) {
            nodes44 = new NodesParser().parse(n).items();
            parts44 = new PartitionsParser().parse(p).items();
        }
        assertThat(nodes44).hasSize(25);
        // a registered node carries its slurmd's start (what boot times end at); a FUTURE one never registered
        assertThat(nodes44).filteredOn(x -> x.name().equals("cpu-0")).singleElement()
                .satisfies(x -> assertThat(x.slurmdStartedAt()).isEqualTo(1796584532L))
                .satisfies(x -> assertThat(x.state().up()).isTrue());
        assertThat(nodes44).filteredOn(x -> x.state().future()).isNotEmpty()
                .allSatisfy(x -> assertThat(x.slurmdStartedAt()).isZero());
        assertThat(parts44).extracting(SlurmPartition::name).containsExactly("cpu", "gpu-h100", "trn1");
        for (ApiVersion v : SERVED) {
            try (InputStream n = resource(v + "/nodes.json"); InputStream p = resource(v + "/partitions.json")) {
                // v0.0.45 leaves reason_set_by_user empty where no reason is set (v0.0.42-44 say "root")
                assertThat(new NodesParser().parse(n).items()).as(v.text()).map(Slurm2605CapturesTest::setterOfReason)
                        .isEqualTo(nodes44.stream().map(Slurm2605CapturesTest::setterOfReason).toList());
                assertThat(new PartitionsParser().parse(p).items()).as(v.text()).isEqualTo(parts44);
            }
        }
    }

    @Test
    void slurmctlds_partition_metric_matches_the_job_list_counted_as_slurm_counts() throws Exception {
        List<OpenMetricsParser.Sample> samples;
        try (InputStream in = resource("metrics/partitions.txt")) {
            samples = OpenMetricsParser.parse(in, name -> true);
        }
        PartitionPending metric = SlurmMetricsReader.pendingFrom(samples);
        // 100 array tasks (throttled to 4), the held and dependent jobs, the two-partition job in one of them
        assertThat(metric.source()).isEqualTo("slurm_partition_jobs_pending");
        assertThat(metric.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 0L, "gpu-h100", 111L, "trn1", 1L));
        assertThat(samples).filteredOn(s -> s.name().equals("slurm_partition_gpus")).extracting(s -> s.value())
                .as("26.05 counts no GPUs of FUTURE nodes").containsOnly(0.0);

        for (ApiVersion v : SERVED) {
            var counts = MetricsCrossCheck.pendingPerPartition(jobs(v).items());
            assertThat(new MetricsCrossCheck(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                    .check(metric, counts)).as(v + ": no disagreement").isEmpty();
        }
    }

    private static SlurmNode setterOfReason(SlurmNode n) {
        return n.reason().isEmpty() ? new SlurmNode(n.name(), n.state(), n.partitions(), n.features(), n.cpus(),
                n.allocCpus(), n.realMemoryMB(), n.allocMemoryMB(), n.gres(), n.gresUsed(), n.reason(), "",
                n.reasonChangedAt(), n.lastBusy(), n.comment(), n.slurmdStartedAt()) : n;
    }

    private static PendingJob notExclusive(PendingJob j) {
        return new PendingJob(j.jobId(), j.partitions(), j.minNodes(), j.maxNodes(), j.tasks(), j.cpusPerTask(),
                j.minCpus(), j.minCpusPerNode(), j.memory(), j.gresPerNode(), j.gresPerJob(), j.gresPerTask(),
                j.gresPerSocket(), j.features(), false, j.runnableTasks(), j.hetJobId(), j.hetJobOffset(),
                j.priority(), j.submitTime(), j.eligibleTime(), j.stateReason(), j.stateDescription(),
                j.eligibility(), j.pendingTasks(), j.reservation(), j.dependency());
    }
}
