package io.skaler.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * slurm-operator runs slurmctld as a StatefulSet named {@code <Controller>-controller}
 * (internal/builder/controllerbuilder/controller_app.go, api/v1beta1/controller_keys.go at chart slurm-1.3.0-rc1):
 * a {@code kubectl exec} into {@code deploy/slurm-controller} fails on every Slinky install.
 */
class EksReadmeTest {
    @Test
    void everyExecIntoSlurmctldTargetsTheStatefulSetPod() throws IOException {
        String readme = Files.readString(Chart.projectDir().resolve("deploy/eks/README.md"));
        var exec = Pattern.compile("kubectl (-n \\S+ )?exec ([A-Za-z0-9./-]+)").matcher(readme);
        int seen = 0;
        while (exec.find()) {
            seen++;
            assertThat(exec.group(2)).as("exec target").isEqualTo("slurm-controller-0");
        }
        assertThat(seen).isPositive();
        assertThat(readme).doesNotContain("deploy/slurm-controller");
    }
}
