package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.NODESET;
import static io.skaler.api.check.CheckFixtures.gpuPolicy;
import static io.skaler.api.check.CheckFixtures.kube;
import static io.skaler.api.check.CheckFixtures.node;
import static io.skaler.api.check.CheckFixtures.slurm;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy's node shape against what slurmd registered (gpu-h100-0: 192 CPUs, 1900000 MB, 8 gpu:h100, h100). */
class NodeShapeCheckTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "equal           | {cpus: 192, memoryMB: 1900000, gres: {\"gpu:h100\": 8}, features: [h100]} | PASS | match",
        "more cpus       | {cpus: 196, memoryMB: 1900000, gres: {\"gpu:h100\": 8}} | FAIL | cpus 196 > Slurm's 192",
        "more memory     | {cpus: 192, memoryMB: 2097152, gres: {\"gpu:h100\": 8}} | FAIL | memoryMB 2097152 > Slurm's 1900000",
        "more gres       | {cpus: 192, memoryMB: 1900000, gres: {\"gpu:h100\": 16}} | FAIL | gres gpu:h100 16 > Slurm's 8",
        "missing feature | {cpus: 192, memoryMB: 1900000, gres: {\"gpu:h100\": 8}, features: [a100]} | FAIL | features [a100]",
        "fewer cpus      | {cpus: 188, memoryMB: 1900000, gres: {\"gpu:h100\": 8}} | WARN | cpus 188 < Slurm's 192",
    })
    void comparesThePolicyWithSlurm(String name, String shape, CheckStatus expected, String detail) {
        var in = kube(NODESET).withPolicy(gpuPolicy(shape, "{name: p5, mode: none}"))
                .withSlurm(slurm(node("gpu-h100-0", 192, 1900000, Map.of("gpu:h100", 8L), "h100"),
                        node("cpu-0", 4, 8000, Map.of(), "cpu")));
        var r = new NodeShapeCheck().run(in);
        assertThat(r).extracting(CheckResult::status).containsExactly(expected);
        assertThat(r.get(0).detail()).contains(detail).contains("gpu-h100-0");
    }

    @org.junit.jupiter.api.Test
    void noRegisteredNodeIsASkip() {
        var in = kube(NODESET).withPolicy(gpuPolicy("{cpus: 1, memoryMB: 1}", "{name: p5, mode: none}"))
                .withSlurm(slurm(node("cpu-0", 4, 8000, Map.of())));
        assertThat(new NodeShapeCheck().run(in)).extracting(CheckResult::status).containsExactly(CheckStatus.SKIP);
    }
}
