package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.NODESET;
import static io.skaler.api.check.CheckFixtures.kube;
import static io.skaler.api.check.CheckFixtures.node;
import static io.skaler.api.check.CheckFixtures.pod;
import static io.skaler.api.check.CheckFixtures.slurm;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** slurm-operator's GetSlurmNodeName: hostname, else pod name; hostNetwork: the Kubernetes node's name. */
class PodMappingCheckTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("hostname found", pod("slurm-worker-gpu-h100-0", "gpu-h100-0", false, "ip-1"),
                        "gpu-h100-0", CheckStatus.PASS),
                Arguments.of("hostname not registered", pod("slurm-worker-gpu-h100-0", "gpu-h100-0", false, "ip-1"),
                        "slurm-worker-gpu-h100-0", CheckStatus.FAIL),
                Arguments.of("hostNetwork: the node's name", pod("slurm-worker-gpu-h100-0", "gpu-h100-0", true, "ip-1"),
                        "ip-1", CheckStatus.PASS),
                Arguments.of("hostNetwork: not the hostname", pod("slurm-worker-gpu-h100-0", "gpu-h100-0", true, "ip-1"),
                        "gpu-h100-0", CheckStatus.FAIL),
                Arguments.of("no running pod", pod("p", "gpu-h100-0", false, "ip-1").replace("Running", "Pending"),
                        "gpu-h100-0", CheckStatus.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsRunningPodsToSlurmNodes(String name, String pod, String slurmNode, CheckStatus expected) {
        var in = kube(NODESET, pod).withSlurm(slurm(node(slurmNode, 96, 1000, Map.of())));
        var r = new PodMappingCheck().run(in);
        assertThat(r).extracting(CheckResult::status).containsExactly(expected);
    }

    @org.junit.jupiter.api.Test
    void withoutSlurmItSkips() {
        assertThat(new PodMappingCheck().run(kube(NODESET))).extracting(CheckResult::status)
                .containsExactly(CheckStatus.SKIP);
    }
}
