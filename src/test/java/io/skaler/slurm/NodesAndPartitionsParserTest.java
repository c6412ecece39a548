package io.skaler.slurm;

import io.skaler.model.Gres;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodesAndPartitionsParserTest {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> versions() {
        return JobsParserTest.versions();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void dynamicGpuNodeIsReadFieldByField(ApiVersion v, SlurmNumber n) throws Exception {
        String comment = "{\"namespace\":\"slurm\",\"podName\":\"gpu-h100-0\",\"nodeSetName\":\"gpu-h100\"}";
        byte[] body = AnswerJson.of(v, n).nodes(NodeJson.node("gpu-h100-0").state("MIXED", "DYNAMIC_NORM")
                .set("alloc_cpus", 8).set("alloc_memory", 2000L).set("gres_used", "gpu:h100:2(IDX:0-1)")
                .set("comment", comment).set("last_busy", 1_795_000_050L));
        SlurmNode node = new NodesParser().parse(body).items().get(0);
        assertThat(node.name()).isEqualTo("gpu-h100-0");
        assertThat(node.state().base()).isEqualTo("MIXED");
        assertThat(node.state().flags()).containsExactly("DYNAMIC_NORM");
        assertThat(node.partitions()).containsExactly("gpu-h100");
        assertThat(node.features()).containsExactly("h100", "gpu");
        assertThat(node.cpus()).isEqualTo(96);
        assertThat(node.allocCpus()).isEqualTo(8);
        assertThat(node.realMemoryMB()).isEqualTo(1_000_000L);
        assertThat(node.allocMemoryMB()).isEqualTo(2000L);
        assertThat(node.gres()).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(node.gresUsed()).isEqualTo(Gres.of("gpu:h100", 2));
        assertThat(node.lastBusy()).isEqualTo(1_795_000_050L);
        assertThat(node.comment()).isEqualTo(comment);
        assertThat(node.runsJobs()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void drainedNodeKeepsReasonAndWhoSetIt(ApiVersion v, SlurmNumber n) throws Exception {
        byte[] body = AnswerJson.of(v, n).nodes(NodeJson.node("cpu-0").drained("skaler scale-in", "slurm", 1_795_000_010L)
                .set("gres", "").set("gres_used", ""), NodeJson.node("gpu-h100-3").state("FUTURE"));
        List<SlurmNode> nodes = new NodesParser().parse(body).items();
        SlurmNode drained = nodes.get(0);
        assertThat(drained.state().drain()).isTrue();
        assertThat(drained.state().idle()).isTrue();
        assertThat(drained.reason()).isEqualTo("skaler scale-in");
        assertThat(drained.reasonSetByUser()).isEqualTo("slurm");
        assertThat(drained.reasonChangedAt()).isEqualTo(1_795_000_010L);
        assertThat(drained.gres()).isEqualTo(Gres.NONE);
        assertThat(nodes.get(1).state().future()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void partitionsReadLimitsAndStates(ApiVersion v, SlurmNumber n) throws Exception {
        byte[] body = AnswerJson.of(v, n).partitions(
                PartitionJson.partition("gpu-h100").nodes("ns-h100", "gpu-h100-[0-15],ns-h100", 16).maxNodes(8).minNodes(1),
                PartitionJson.partition("cpu").nodes("", "cpu-0", 1).states("UP", "DRAIN"));
        List<SlurmPartition> parts = new PartitionsParser().parse(body).items();
        SlurmPartition gpu = parts.get(0);
        assertThat(gpu.name()).isEqualTo("gpu-h100");
        assertThat(gpu.nodeSets()).containsExactly("ns-h100");
        assertThat(gpu.nodesConfigured()).isEqualTo("gpu-h100-[0-15],ns-h100");
        assertThat(gpu.totalNodes()).isEqualTo(16);
        assertThat(gpu.maxNodesPerJob()).isEqualTo(8);
        assertThat(gpu.minNodesPerJob()).isEqualTo(1);
        assertThat(gpu.up()).isTrue();
        SlurmPartition cpu = parts.get(1);
        assertThat(cpu.maxNodesPerJob()).as("MaxNodes=UNLIMITED").isZero();
        assertThat(cpu.nodeSets()).isEmpty();
        assertThat(cpu.states()).containsExactly("UP", "DRAIN");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void nodeGresWithSeveralKindsAndIndexLists(ApiVersion v, SlurmNumber n) throws Exception {
        byte[] body = AnswerJson.of(v, n).nodes(NodeJson.node("trn-0").set("gres", "neuron:trn1:16(S:0-1),nic:2")
                .set("gres_used", "neuron:trn1:3(IDX:0,4-5),nic:0"));
        SlurmNode node = new NodesParser().parse(body).items().get(0);
        assertThat(node.gres()).isEqualTo(new Gres(Map.of("neuron:trn1", 16L, "nic", 2L)));
        assertThat(node.gresUsed()).isEqualTo(new Gres(Map.of("neuron:trn1", 3L, "nic", 0L)));
    }
}
