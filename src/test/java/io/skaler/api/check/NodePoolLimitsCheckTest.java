package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.gpuPolicy;
import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Karpenter's Limits.ExceededBy: the limits must leave room for one whole machine. */
class NodePoolLimitsCheckTest {
    static final String POOL = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: p5}
            spec: {limits: LIMITS}
            """;
    static final String P5_CLAIM = """
            apiVersion: karpenter.sh/v1
            kind: NodeClaim
            metadata: {name: p5-abc, labels: {karpenter.sh/nodepool: p5}}
            status: {capacity: {cpu: "192", memory: 2Ti, nvidia.com/gpu: "8"}}
            """;
    static final String P5_SHAPE = "{cpus: 192, memoryMB: 2097152, gres: {\"gpu:h100\": 8}}";
    static final String EKS_SHAPE = "{cpus: 188, memoryMB: 1900000, gres: {\"gpu:h100\": 8}}";

    static Stream<Arguments> cases() {
        String pool = POOL.replace("LIMITS", "{}");
        return Stream.of(
                Arguments.of("limits mode, shape = machine", kube(pool, P5_CLAIM).withPolicy(gpuPolicy(P5_SHAPE,
                        "{name: p5, mode: limits}")), CheckStatus.PASS, "admit one machine"),
                // issue 18.1: the limits follow the machine the NodeClaims report, not Slurm's smaller shape
                Arguments.of("limits mode, shape below machine (issue 18.1)", kube(pool, P5_CLAIM).withPolicy(
                        gpuPolicy(EKS_SHAPE, "{name: p5, mode: limits}")), CheckStatus.PASS,
                        "in whole machines as the pool's NodeClaims report them"),
                Arguments.of("limits mode, no NodeClaim yet", kube(pool).withPolicy(gpuPolicy(EKS_SHAPE,
                        "{name: p5, mode: limits}")), CheckStatus.WARN, "no NodeClaim yet"),
                Arguments.of("own limits admit one", kube(POOL.replace("LIMITS", "{cpu: \"384\", memory: 4Ti}"),
                        P5_CLAIM), CheckStatus.PASS, "limits admit one machine"),
                Arguments.of("own limits below one", kube(POOL.replace("LIMITS", "{cpu: \"188\"}"), P5_CLAIM),
                        CheckStatus.FAIL, "cpu limit 188 < 192"),
                Arguments.of("own gpu limit below one", kube(POOL.replace("LIMITS", "{nvidia.com/gpu: \"4\"}"), P5_CLAIM),
                        CheckStatus.FAIL, "nvidia.com/gpu limit 4 < 8"),
                Arguments.of("no limits", kube(pool, P5_CLAIM), CheckStatus.PASS, "no limits"),
                Arguments.of("claim of another pool", kube(POOL.replace("LIMITS", "{cpu: \"188\"}"),
                        P5_CLAIM.replace("nodepool: p5}", "nodepool: other}")), CheckStatus.SKIP, "no NodeClaim"),
                Arguments.of("bound pool missing", kube(P5_CLAIM).withPolicy(gpuPolicy(P5_SHAPE, "{name: p5, mode: limits}")), CheckStatus.FAIL,
                        "NodePool p5 (bound by the policy) not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void limitsAdmitOneMachine(String name, CheckInput in, CheckStatus expected, String detail) {
        var r = new NodePoolLimitsCheck().run(in);
        assertThat(r).filteredOn(x -> x.status() == expected).extracting(CheckResult::detail)
                .anySatisfy(d -> assertThat(d).contains(detail));
        assertThat(r).extracting(CheckResult::status).containsOnly(expected);
    }
}
