package io.skaler.planner;

import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every demand form, on one 96-CPU / 1,000,000 MB / 8 x gpu:h100 node shape: nodes and per-node request. */
class NodeRequestTest {
    private static final ResourceAxes AXES = new ResourceAxes(h100());

    static Stream<Arguments> fits() {
        return Stream.of(
                // name, job, nodes, cpu per node, mem per node, gpus per node, whole node
                Arguments.of("per node: --gres=gpu:h100:8 -N4", job(1).nodes(4).gresPerNode("gpu:h100", 8), 4, 1, 0, 8, false),
                Arguments.of("untyped per node lands on the typed GRES", job(1).gresPerNode("gpu", 2), 1, 1, 0, 2, false),
                Arguments.of("per job: --gpus=16 spreads over the fewest nodes", job(1).gpusPerJob("gpu", 16), 2, 1, 0, 8, false),
                Arguments.of("per job: --gpus=12 is 2 nodes of 6", job(1).gpusPerJob("gpu", 12), 2, 1, 0, 6, false),
                Arguments.of("per job with -N3: --gpus=12 is 3 nodes of 4", job(1).nodes(3).gpusPerJob("gpu", 12), 3, 1, 0, 4, false),
                Arguments.of("per task: 16 tasks x 1 GPU x 4 CPU", job(1).tasks(16, 4).gpusPerTask("gpu", 1), 2, 32, 0, 8, false),
                Arguments.of("tasks only: 64 x 4 CPU fill nodes in turn (96, 96, then 64)", job(1).tasks(64, 4), 3, 96, 0, 0, false),
                Arguments.of("tasks on fixed nodes: -N4 -n32", job(1).nodes(4).tasks(32, 2), 4, 16, 0, 0, false),
                Arguments.of("memory per CPU", job(1).tasks(8, 1).memPerCpu(10_000), 1, 8, 80_000, 0, false),
                Arguments.of("memory per node", job(1).memPerNode(200_000), 1, 1, 200_000, 0, false),
                Arguments.of("memory per CPU spreads tasks", job(1).tasks(4, 1).memPerCpu(400_000), 2, 2, 800_000, 0, false),
                Arguments.of("per socket counts one socket per node", job(1).gpusPerSocket("gpu", 2), 1, 1, 0, 2, false),
                Arguments.of("minimum CPUs per node", job(1).cpusPerNode(48), 1, 48, 0, 0, false),
                Arguments.of("total CPUs beyond one node", job(1).cpus(200), 3, 67, 0, 0, false),
                Arguments.of("--exclusive takes whole nodes", job(1).nodes(2).exclusive(), 2, 1, 0, 0, true),
                Arguments.of("--mem=0 takes whole nodes", job(1).memPerNode(0), 1, 1, 0, 0, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fits")
    void derivesThePerNodeRequest(String name, Fixtures.JobBuilder job, int nodes, long cpu, long mem, long gpu,
                                  boolean whole) {
        ShapeFit fit = NodeRequest.derive(JobClass.Key.of(job.build()), AXES, true);
        assertThat(fit).isInstanceOf(ShapeFit.Fits.class);
        NodeRequest r = ((ShapeFit.Fits) fit).request();
        assertThat(r.nodes()).isEqualTo(nodes);
        assertThat(r.perNode()[ResourceAxes.CPU]).isEqualTo(cpu);
        assertThat(r.perNode()[ResourceAxes.MEMORY]).isEqualTo(mem);
        assertThat(r.perNode()[2]).isEqualTo(gpu);
        assertThat(r.wholeNode()).isEqualTo(whole);
    }

    @Test
    void aTaskCountThatDecidesTheNodeCountFillsNodesInTurn() {
        NodeRequest r = ((ShapeFit.Fits) NodeRequest.derive(JobClass.Key.of(job(1).tasks(64, 4).build()), AXES,
                true)).request();
        assertThat(r.hasTail()).isTrue();
        assertThat(r.tail()[ResourceAxes.CPU]).isEqualTo(64);
        NodeRequest fixed = ((ShapeFit.Fits) NodeRequest.derive(JobClass.Key.of(job(1).nodes(4).tasks(30, 2).build()),
                AXES, true)).request();
        assertThat(fixed.hasTail()).isFalse(); // -N given: tasks spread over the nodes asked for
        assertThat(fixed.perNode()[ResourceAxes.CPU]).isEqualTo(16);
    }

    static Stream<Arguments> misfits() {
        return Stream.of(
                Arguments.of("a GPU type the shape lacks", job(1).gresPerNode("gpu:a100", 1), "gpu:a100"),
                Arguments.of("more GPUs per node than the shape has", job(1).gresPerNode("gpu:h100", 16), "per node"),
                Arguments.of("one task bigger than a node", job(1).tasks(1, 128), "one task"),
                Arguments.of("--gpus=32 with at most 2 nodes", job(1).maxNodes(2).gpusPerJob("gpu", 32), "at most 2"),
                Arguments.of("a GRES kind the shape lacks", job(1).gresPerNode("neuron", 1), "neuron"),
                Arguments.of("more memory per node than the shape", job(1).memPerNode(2_000_000), "per node"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misfits")
    void saysWhyAJobFitsNoNode(String name, Fixtures.JobBuilder job, String reasonPart) {
        ShapeFit fit = NodeRequest.derive(JobClass.Key.of(job.build()), AXES, true);
        assertThat(fit).isInstanceOf(ShapeFit.NoFit.class);
        assertThat(((ShapeFit.NoFit) fit).reason()).contains(reasonPart);
    }

    static Stream<Arguments> memoryNotScheduled() {
        return Stream.of(
                // name, job, nodes, cpu per node, whole node
                Arguments.of("--mem=0 (or no --mem) does not take the node", job(1).memPerNode(0), 1, 1, false),
                Arguments.of("memory per node takes no room", job(1).memPerNode(200_000), 1, 1, false),
                Arguments.of("memory per CPU no longer spreads tasks", job(1).tasks(4, 1).memPerCpu(400_000), 1, 4, false),
                Arguments.of("--exclusive still takes whole nodes", job(1).nodes(2).exclusive(), 2, 1, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memoryNotScheduled")
    void whereSlurmDoesNotScheduleMemoryItTakesNoRoom(String name, Fixtures.JobBuilder job, int nodes, long cpu,
                                                      boolean whole) {
        ShapeFit fit = NodeRequest.derive(JobClass.Key.of(job.build()), AXES, false);
        assertThat(fit).isInstanceOf(ShapeFit.Fits.class);
        NodeRequest r = ((ShapeFit.Fits) fit).request();
        assertThat(r.nodes()).isEqualTo(nodes);
        assertThat(r.perNode()[ResourceAxes.CPU]).isEqualTo(cpu);
        assertThat(r.perNode()[ResourceAxes.MEMORY]).isZero();
        assertThat(r.wholeNode()).isEqualTo(whole);
    }

    @Test
    void whereSlurmDoesNotScheduleMemoryANodeMustStillHoldIt() {
        ShapeFit perNode = NodeRequest.derive(JobClass.Key.of(job(1).memPerNode(2_000_000).build()), AXES, false);
        assertThat(perNode).isInstanceOf(ShapeFit.NoFit.class);
        assertThat(((ShapeFit.NoFit) perNode).reason()).contains("2000000 MB of memory").contains("1000000 MB");
        ShapeFit perCpu = NodeRequest.derive(JobClass.Key.of(job(1).tasks(2, 2).memPerCpu(600_000).build()), AXES,
                false);
        assertThat(perCpu).isInstanceOf(ShapeFit.NoFit.class); // one task of 2 CPUs asks 1,200,000 MB
    }
}
