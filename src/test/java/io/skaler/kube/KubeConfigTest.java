package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed settings: defaults, overrides, and errors naming the property. */
class KubeConfigTest {
    private static KubeConfig config(Map<String, String> props) {
        // Quarkus registers its Duration converter ("200ms", "10m") in the application; plain SmallRye needs it here.
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(KubeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500)).build()
                .getConfigMapping(KubeConfig.class);
    }

    @Test
    void defaultsGiveValidSettings() {
        var c = config(Map.of("HOSTNAME", "skaler-7d9f-x"));
        assertThat(c.viewSettings()).isEqualTo(new KubeViewSettings("slurm", "v1beta1", "skaler", "skaler-policy",
                Map.of()));
        var e = c.executorSettings();
        assertThat(e.dryRun()).isFalse();
        assertThat(e.maxAttempts()).isEqualTo(5);
        assertThat(e.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(e.identity()).isEqualTo("skaler-7d9f-x");
        assertThat(c.leaderSettings().leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void overridesApplyAndBadValuesNameTheProperty() {
        var c = config(Map.of("skaler.kube.node-set-version", "v1alpha1", "skaler.kube.dry-run", "true",
                "skaler.kube.pod-labels.\"app.kubernetes.io/name\"", "slurmd"));
        assertThat(c.viewSettings().nodeSetVersion()).isEqualTo("v1alpha1");
        assertThat(c.viewSettings().podLabels()).containsEntry("app.kubernetes.io/name", "slurmd");
        assertThat(c.executorSettings().dryRun()).isTrue();

        assertThatThrownBy(() -> config(Map.of("skaler.kube.node-set-version", "v2")).viewSettings())
                .hasMessageContaining("skaler.kube").hasMessageContaining("nodeSetVersion");
        assertThatThrownBy(() -> config(Map.of("skaler.kube.max-attempts", "0")).executorSettings())
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> config(Map.of("skaler.kube.renew-deadline", "30s")).leaderSettings())
                .hasMessageContaining("renewDeadline");
    }

    @Test
    void everyNamespaceOfTheListIsWatchedAndStarMeansAll() {
        assertThat(config(Map.of("skaler.kube.namespaces", "slurm,slurm-b")).viewSettings().namespaces())
                .containsExactly("slurm", "slurm-b");
        assertThat(config(Map.of("skaler.kube.namespaces", "*")).viewSettings().everyNamespace()).isTrue();
        assertThatThrownBy(() -> config(Map.of("skaler.kube.namespaces", "slurm,Bad_Name")).viewSettings())
                .hasMessageContaining("skaler.kube").hasMessageContaining("namespaces").hasMessageContaining("Bad_Name");
        assertThatThrownBy(() -> config(Map.of("skaler.kube.namespaces", "*,slurm")).viewSettings())
                .hasMessageContaining("cannot be combined");
    }
}
