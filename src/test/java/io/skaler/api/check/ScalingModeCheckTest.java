package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.NODESET;
import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalingModeCheckTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"StatefulSet,PASS", "DaemonSet,FAIL", "'',PASS"})
    void daemonSetModeIgnoresReplicas(String mode, CheckStatus expected) {
        String ns = mode.isEmpty() ? NODESET.replace("  scalingMode: StatefulSet\n", "")
                : NODESET.replace("StatefulSet", mode);
        var r = new ScalingModeCheck().run(kube(ns));
        assertThat(r).extracting(CheckResult::status).containsExactly(expected);
        if (expected == CheckStatus.FAIL) {
            assertThat(r.get(0).detail()).contains("ignores replicas");
        }
    }

    @org.junit.jupiter.api.Test
    void onlyManagedNodeSetsCountWhenThereIsAPolicy() {
        var in = kube(NODESET, NODESET.replace("slurm-worker-gpu-h100", "login-ish").replace("StatefulSet", "DaemonSet"))
                .withPolicy(CheckFixtures.gpuPolicy("{cpus: 96, memoryMB: 1000}", "{name: p5, mode: none}"));
        assertThat(new ScalingModeCheck().run(in)).extracting(CheckResult::status).containsExactly(CheckStatus.PASS);
    }
}
