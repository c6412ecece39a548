package io.skaler.chart;

import static io.skaler.chart.ChartTemplateTest.env;
import static io.skaler.chart.ChartTemplateTest.mountPath;
import static io.skaler.chart.ChartTemplateTest.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code slurm.tls.caBundle}: the bundle is mounted read-only and named by {@code SKALER_SLURM_CA_BUNDLE}. */
class ChartTlsTest {

    private static final String HTTPS = "https://slurm-restapi.slurm.svc.cluster.local:6820";

    private static JsonNode pod(Map<String, String> sets) {
        return Chart.template(Optional.empty(), sets).one("Deployment").at("/spec/template/spec");
    }

    @Test
    void byDefaultNoBundleIsMountedOrSet() {
        JsonNode pod = pod(Map.of());
        JsonNode c = pod.at("/containers/0");

        assertThat(env(c, "SKALER_SLURM_CA_BUNDLE")).isEmpty();
        assertThat(pod.path("volumes").findValuesAsText("name")).doesNotContain("slurm-ca-bundle");
        assertThat(c.path("volumeMounts").findValuesAsText("name")).doesNotContain("slurm-ca-bundle");
    }

    @Test
    void aBundleFromASecretIsMountedReadOnlyAndSetAsTheProperty() {
        JsonNode pod = pod(Map.of("slurm.url", HTTPS, "slurm.tls.caBundle.secretName", "slurm-restapi-ca"));
        JsonNode c = pod.at("/containers/0");

        assertThat(env(c, "SKALER_SLURM_CA_BUNDLE")).isEqualTo("/var/run/secrets/skaler/slurm-ca/ca.crt");
        assertThat(mountPath(c, "slurm-ca-bundle")).isEqualTo("/var/run/secrets/skaler/slurm-ca");
        assertThat(mount(c, "slurm-ca-bundle").path("readOnly").asBoolean()).isTrue();
        JsonNode secret = volume(pod, "slurm-ca-bundle").path("secret");
        assertThat(secret.path("secretName").asText()).isEqualTo("slurm-restapi-ca");
        assertThat(secret.at("/items/0/key").asText()).isEqualTo("ca.crt");
        assertThat(secret.at("/items/0/path").asText()).isEqualTo("ca.crt");
    }

    @Test
    void aBundleFromAConfigMapWithItsOwnKey() {
        JsonNode pod = pod(Map.of("slurm.url", HTTPS, "slurm.tls.caBundle.configMapName", "cluster-trust",
                "slurm.tls.caBundle.key", "bundle.pem"));
        JsonNode c = pod.at("/containers/0");

        assertThat(env(c, "SKALER_SLURM_CA_BUNDLE")).isEqualTo("/var/run/secrets/skaler/slurm-ca/bundle.pem");
        assertThat(mount(c, "slurm-ca-bundle").path("readOnly").asBoolean()).isTrue();
        JsonNode cm = volume(pod, "slurm-ca-bundle").path("configMap");
        assertThat(cm.path("name").asText()).isEqualTo("cluster-trust");
        assertThat(cm.at("/items/0/key").asText()).isEqualTo("bundle.pem");
    }

    @Test
    void bothSourcesOrAPlainHttpUrlAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> pod(Map.of("slurm.url", HTTPS, "slurm.tls.caBundle.secretName", "a",
                "slurm.tls.caBundle.configMapName", "b")))
                .hasMessageContaining("slurm.tls.caBundle: set secretName or configMapName, not both");
        assertThatThrownBy(() -> pod(Map.of("slurm.tls.caBundle.secretName", "a")))
                .hasMessageContaining("slurm.tls.caBundle is set but slurm.url is not an https URL");
        assertThatThrownBy(() -> pod(Map.of("slurm.url", HTTPS, "slurm.tls.caBundle.secretName", "Not_A_Name")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("secretName");
    }

    private static JsonNode mount(JsonNode container, String name) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no mount " + name);
    }
}
