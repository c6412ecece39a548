package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.gpuPolicy;
import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticCapacityCheckTest {
    static final String POOL = "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: p5}\nspec: {SPEC}\n";

    @Test
    void replicasOnAPoolNeedTheFeatureGate() {
        var r = new StaticCapacityCheck().run(kube(POOL.replace("SPEC", "replicas: 2")));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.WARN);
        assertThat(r.get(0).detail()).contains("sets spec.replicas", "StaticCapacity");
        assertThat(r.get(0).fix()).contains("StaticCapacity=true");
    }

    @Test
    void staticModeInThePolicyToo() {
        var r = new StaticCapacityCheck().run(kube(POOL.replace("SPEC", "")).withPolicy(
                gpuPolicy("{cpus: 1, memoryMB: 1}", "{name: p5, mode: static}")));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.WARN);
        assertThat(r.get(0).detail()).contains("bound in static mode");
    }

    @Test
    void noStaticCapacityPasses() {
        assertThat(new StaticCapacityCheck().run(kube(POOL.replace("SPEC", "limits: {cpu: \"1\"}"))))
                .extracting(CheckResult::status).containsExactly(CheckStatus.PASS);
    }
}
