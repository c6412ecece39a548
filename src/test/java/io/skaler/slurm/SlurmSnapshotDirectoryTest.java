package io.skaler.slurm;

import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmSnapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Offline snapshots from raw answers: hand-written v0.0.43 / v0.0.44 files, and builder-made ones for the errors. */
class SlurmSnapshotDirectoryTest {
    private static Path resource(String dir) throws Exception {
        return Path.of(SlurmSnapshotDirectoryTest.class.getResource("/slurm/" + dir + "/jobs.json").toURI()).getParent();
    }

    private static PendingJob job(SlurmSnapshot s, long id) {
        return s.pendingJobs().stream().filter(j -> j.jobId() == id).findFirst().orElseThrow();
    }

    @Test
    void v0043Snapshot() throws Exception {
        var loaded = new SlurmSnapshotDirectory().load(resource("v0.0.43"));
        SlurmSnapshot s = loaded.snapshot();
        assertThat(loaded.version()).isEqualTo(ApiVersion.V0_0_43);
        assertThat(s.apiVersion()).isEqualTo("v0.0.43");
        assertThat(s.readAt()).isEqualTo(Files.getLastModifiedTime(resource("v0.0.43").resolve("jobs.json")).toInstant());
        assertThat(s.pendingJobs()).extracting(PendingJob::jobId).containsExactly(4100L, 4200L, 4300L, 4400L, 4401L);

        PendingJob gpu = job(s, 4100);
        assertThat(gpu.partitions()).containsExactly("gpu-h100", "gpu-a100");
        assertThat(gpu.minNodes()).isEqualTo(4);
        assertThat(gpu.maxNodes()).isEqualTo(4);
        assertThat(gpu.minCpus()).isEqualTo(128);
        assertThat(gpu.tasks()).isEqualTo(32);
        assertThat(gpu.cpusPerTask()).isEqualTo(4);
        assertThat(gpu.minCpusPerNode()).isEqualTo(32);
        assertThat(gpu.memory()).isEqualTo(MemoryRequest.perNode(512_000));
        assertThat(gpu.gresPerNode()).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(gpu.features()).isEqualTo("h100&ib");
        assertThat(gpu.exclusive()).isTrue();
        assertThat(gpu.priority()).isEqualTo(10234);
        assertThat(gpu.submitTime()).isEqualTo(1_795_000_000L);
        assertThat(gpu.eligibleTime()).isEqualTo(1_795_000_001L);
        assertThat(gpu.eligibility().demand()).isTrue();

        PendingJob array = job(s, 4200);
        assertThat(array.runnableTasks()).as("48 pending, %4, two running (one completing)").isEqualTo(2);
        assertThat(array.memory()).isEqualTo(MemoryRequest.perCpu(8000));
        assertThat(array.eligibility().reason()).isEqualTo("JobArrayTaskLimit");

        PendingJob held = job(s, 4300);
        assertThat(held.eligibility().demand()).isFalse();
        assertThat(held.eligibility().reason()).isEqualTo("JobHeldUser");
        assertThat(held.gresPerJob()).isEqualTo(Gres.of("gpu:h100", 16));

        PendingJob het0 = job(s, 4400);
        assertThat(het0.eligibility().demand()).as("2 nodes within trn1's unlimited MaxNodes").isTrue();
        assertThat(het0.eligibility().reason()).isEqualTo("PartitionNodeLimit");
        assertThat(het0.tasks()).isEqualTo(64);
        assertThat(het0.cpusPerTask()).isEqualTo(2);
        assertThat(het0.gresPerTask()).isEqualTo(Gres.of("neuron", 1));
        assertThat(het0.memory()).isEqualTo(MemoryRequest.WHOLE_NODE);
        assertThat(het0.hetJobId()).isEqualTo(4400);
        assertThat(het0.hetJobOffset()).isZero();
        PendingJob het1 = job(s, 4401);
        assertThat(het1.hetJobId()).isEqualTo(4400);
        assertThat(het1.hetJobOffset()).isEqualTo(1);
        assertThat(het1.partitions()).containsExactly("cpu");

        assertThat(s.nodes()).hasSize(2);
        var gpuNode = s.nodes().get(0);
        assertThat(gpuNode.state().base()).isEqualTo("MIXED");
        assertThat(gpuNode.gresUsed()).isEqualTo(Gres.of("gpu:h100", 2));
        assertThat(gpuNode.comment()).contains("\"podName\":\"gpu-h100-0\"");
        var cpu = s.nodes().get(1);
        assertThat(cpu.state().drain()).isTrue();
        assertThat(cpu.reason()).isEqualTo("kernel upgrade");
        assertThat(cpu.reasonSetByUser()).isEqualTo("root");
        assertThat(s.partitions()).extracting(p -> p.maxNodesPerJob()).containsExactly(8, 0, 0);
        assertThat(loaded.problems()).isEmpty();
    }

    @Test
    void v0044SnapshotWithBareNumbersAndATruncatedArray() throws Exception {
        var loaded = new SlurmSnapshotDirectory().load(resource("v0.0.44"));
        SlurmSnapshot s = loaded.snapshot();
        assertThat(loaded.version()).isEqualTo(ApiVersion.V0_0_44);
        assertThat(s.pendingJobs()).extracting(PendingJob::jobId).containsExactly(9001L, 9002L, 9100L, 9200L, 9300L);

        PendingJob future = job(s, 9001);
        assertThat(future.eligibility().demand()).as("unavailable nodes are FUTURE placeholders").isTrue();
        assertThat(future.exclusive()).isTrue();
        assertThat(future.memory()).isEqualTo(MemoryRequest.WHOLE_NODE);
        assertThat(future.gresPerNode()).isEqualTo(Gres.of("gpu:b200", 8));

        PendingJob reserved = job(s, 9002);
        assertThat(reserved.eligibility().demand()).isFalse();
        assertThat(reserved.eligibility().reason()).contains("gpu-b200-9 is reserved");
        assertThat(reserved.minNodes()).isEqualTo(1);
        assertThat(reserved.maxNodes()).isZero();
        assertThat(reserved.minCpus()).isEqualTo(8);
        assertThat(reserved.tasks()).isEqualTo(2);
        assertThat(reserved.cpusPerTask()).isEqualTo(1);
        assertThat(reserved.memory()).isEqualTo(MemoryRequest.perCpu(4000));
        assertThat(reserved.gresPerTask()).isEqualTo(Gres.of("gpu:b200", 1));
        assertThat(reserved.gresPerSocket()).isEqualTo(Gres.of("gpu:b200", 1));
        assertThat(reserved.features()).isEqualTo("b200");
        assertThat(reserved.priority()).isEqualTo(4000);
        assertThat(reserved.submitTime()).isEqualTo(1_796_000_010L);
        assertThat(reserved.eligibleTime()).as("\"Infinity\" is no time").isZero();

        PendingJob cut = job(s, 9100);
        assertThat(cut.runnableTasks()).isEqualTo(23);
        assertThat(loaded.problems()).singleElement().asString().contains("job 9100").contains("SLURM_BITSTR_LEN=0");

        assertThat(job(s, 9200).eligibility().reason()).isEqualTo("ReqNodeNotAvail, Reserved for maintenance");
        assertThat(job(s, 9300).eligibility()).extracting(e -> e.demand(), e -> e.reason()).containsExactly(false, "QOSGrpGRES");
        assertThat(job(s, 9300).gresPerJob()).isEqualTo(Gres.of("gpu", 4));
        assertThat(s.nodes()).extracting(n -> n.state().future()).containsExactly(false, true, true, false);
    }

    @Test
    void everyBuilderVersionLoadsAndNamesItsVersion(@TempDir Path dir) throws Exception {
        for (ApiVersion v : ApiVersion.values()) {
            write(dir, v, AnswerJson.of(v).jobs(JobJson.pending(1).partition("gpu").nodes(3, 0)
                    .reason("PartitionNodeLimit", "")));
            var loaded = new SlurmSnapshotDirectory().load(dir);
            assertThat(loaded.version()).isEqualTo(v);
            assertThat(loaded.snapshot().pendingJobs().get(0).eligibility().demand())
                    .as("3 nodes within gpu's MaxNodes 4").isTrue();
        }
    }

    @Test
    void unsupportedVersionIsRefused(@TempDir Path dir) throws Exception {
        write(dir, ApiVersion.V0_0_42, AnswerJson.of(ApiVersion.V0_0_42).jobs());
        String jobs = Files.readString(dir.resolve("jobs.json")).replace("data_parser/v0.0.42", "data_parser/v0.0.39");
        Files.writeString(dir.resolve("jobs.json"), jobs);
        assertThatThrownBy(() -> new SlurmSnapshotDirectory().load(dir)).isInstanceOf(BadAnswerException.class)
                .hasMessage("jobs.json:/meta/plugin/data_parser: data_parser/v0.0.39 is not supported (skaler reads v0.0.40 .. v0.0.45)");
    }

    @Test
    void badContentNamesTheFileAndField(@TempDir Path dir) throws Exception {
        write(dir, ApiVersion.V0_0_41, AnswerJson.of(ApiVersion.V0_0_41).jobs(JobJson.pending(1).set("cpus", "lots")));
        assertThatThrownBy(() -> new SlurmSnapshotDirectory().load(dir)).isInstanceOf(BadAnswerException.class)
                .hasMessageStartingWith("jobs.json:/jobs/0/cpus: expected a number");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) throws Exception {
        write(dir, ApiVersion.V0_0_42, AnswerJson.of(ApiVersion.V0_0_42).jobs());
        Files.delete(dir.resolve("partitions.json"));
        assertThatThrownBy(() -> new SlurmSnapshotDirectory().load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("partitions.json");
    }

    private static void write(Path dir, ApiVersion v, byte[] jobs) throws Exception {
        Files.write(dir.resolve("jobs.json"), jobs);
        Files.write(dir.resolve("nodes.json"), AnswerJson.of(v).nodes(NodeJson.node("gpu-0").partitions("gpu")));
        Files.write(dir.resolve("partitions.json"), AnswerJson.of(v).partitions(
                PartitionJson.partition("gpu").nodes("gpu", "gpu", 8).maxNodes(4)));
    }
}
