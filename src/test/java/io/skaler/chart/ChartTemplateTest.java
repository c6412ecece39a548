package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What issue 7 asks of the rendered chart, checked on the objects themselves. */
class ChartTemplateTest {

    @Test
    void defaultValuesRenderEveryPartOfTheInstall() {
        var r = Chart.defaults();

        assertThat(r.docs()).extracting(d -> d.path("kind").asText()).contains("Deployment", "ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap", "Service", "ServiceMonitor",
                "PrometheusRule", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(r.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(r.one("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @Test
    void defaultImageIsTheOneTheDockerfileBuildsForThisVersion() throws IOException {
        JsonNode container = Chart.defaults().one("Deployment").at("/spec/template/spec/containers/0");
        String appVersion = Chart.readYaml(Chart.dir().resolve("Chart.yaml")).path("appVersion").asText();
        var pomVersion = Pattern.compile("<artifactId>skaler</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Chart.projectDir().resolve("pom.xml")));

        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/skaler-io/skaler:" + appVersion);
        assertThat(pomVersion.find()).isTrue();
        assertThat(pomVersion.group(1).replace("-SNAPSHOT", "")).as("Chart appVersion follows the pom").isEqualTo(appVersion);
        assertThat(Files.readString(Chart.projectDir().resolve("src/main/docker/Dockerfile.jvm")))
                .contains("USER 185").contains("./mvnw -B clean package -Dskaler.image=service")
                .as("the image holds the service build, without the sandbox")
                .contains("COPY --chown=185:0 target/service/quarkus-app/lib/ ")
                .doesNotContain("COPY --chown=185:0 target/quarkus-app");
    }

    @Test
    void podRunsRestrictedWithAWritableTmpOnly() {
        JsonNode pod = Chart.defaults().one("Deployment").at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(185);
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(c.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(mountPath(c, "tmp")).isEqualTo("/tmp");
        assertThat(volume(pod, "tmp").has("emptyDir")).isTrue();
        assertThat(c.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(c.at("/resources/limits/memory").asText()).isNotEmpty();
    }

    @Test
    void probesUseQuarkusHealthEndpoints() {
        JsonNode c = Chart.defaults().one("Deployment").at("/spec/template/spec/containers/0");

        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    }

    @Test
    void theFirstListingOfABigQueueHasItsOwnTimeout() {
        JsonNode c = Chart.defaults().one("Deployment").at("/spec/template/spec/containers/0");

        assertThat(env(c, "SKALER_SLURM_READ_TIMEOUT")).isEqualTo("60s");
        assertThat(env(c, "SKALER_SLURM_LISTING_TIMEOUT")).isEqualTo("5m");
    }

    @Test
    void leaderElectionIsConfiguredWithALeaseInTheReleaseNamespace() {
        JsonNode c = Chart.defaults().one("Deployment").at("/spec/template/spec/containers/0");

        assertThat(env(c, "SKALER_KUBE_LEADER_ELECTION")).isEqualTo("true");
        assertThat(env(c, "SKALER_KUBE_LEASE_NAME")).isEqualTo("skaler-leader");
        assertThat(envField(c, "SKALER_KUBE_LEASE_NAMESPACE")).isEqualTo("metadata.namespace");
        assertThat(envField(c, "SKALER_KUBE_IDENTITY")).isEqualTo("metadata.name");
    }

    @Test
    void slurmCredentialIsAFileFromTheExistingSecretAndNeverAValue() {
        for (var r : List.of(Chart.defaults(), Chart.full())) {
            JsonNode pod = r.one("Deployment").at("/spec/template/spec");
            JsonNode c = pod.at("/containers/0");
            JsonNode secret = volume(pod, "slurm-credential").path("secret");
            String key = secret.at("/items/0/key").asText();
            String file = mountPath(c, "slurm-credential") + "/" + key;

            assertThat(secret.path("secretName").asText()).isIn("skaler-slurm-token", "slurm-jwt-key");
            assertThat(List.of(env(c, "SKALER_SLURM_AUTH_TOKEN_FILE"), env(c, "SKALER_SLURM_AUTH_KEY_FILE"))).contains(file);
            c.path("env").forEach(e -> assertThat(e.path("valueFrom").has("secretKeyRef"))
                    .as("credential never in an env var: %s", e.path("name").asText()).isFalse());
        }
        assertThat(env(Chart.full().one("Deployment").at("/spec/template/spec/containers/0"), "SKALER_SLURM_AUTH_KEY_FILE"))
                .isEqualTo("/var/run/secrets/skaler/slurm/jwt_hs256.key");
    }

    @Test
    void policyConfigMapHoldsThePolicyFromValues() throws IOException {
        JsonNode cm = Chart.full().named("ConfigMap", "skaler-gpu-policy");
        JsonNode policy = Chart.YAML.readTree(cm.at("/data/policy.yaml").asText());

        assertThat(policy).isEqualTo(Chart.readYaml(Chart.fullValues()).at("/policy/spec"));
        assertThat(env(Chart.full().one("Deployment").at("/spec/template/spec/containers/0"), "SKALER_KUBE_POLICY_CONFIG_MAP"))
                .isEqualTo("skaler-gpu-policy");
    }

    @Test
    void networkPolicyLetsOutOnlySlurmrestdTheApiServerAndDns() {
        JsonNode np = Chart.defaults().one("NetworkPolicy");
        JsonNode egress = np.at("/spec/egress");

        assertThat(np.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
        assertThat(egress).hasSize(3);
        assertThat(egress.get(0).at("/ports/0/port").asInt()).isEqualTo(6820);
        assertThat(egress.get(0).at("/to/0/namespaceSelector/matchLabels").toString()).contains("slurm");
        assertThat(egress.get(1).at("/to/0/ipBlock/cidr").asText()).isNotEmpty();
        assertThat(egress.get(1).path("ports")).extracting(p -> p.path("port").asInt()).containsExactly(443, 6443);
        assertThat(egress.get(2).path("ports")).extracting(p -> p.path("port").asInt()).containsExactly(53, 53);
        assertThat(egress.get(2).at("/to/0/podSelector/matchLabels/k8s-app").asText()).isEqualTo("kube-dns");
    }

    @Test
    void serviceMonitorScrapesQuarkusMetricsAndKeepsTheNodeSetNamespaceLabel() {
        JsonNode endpoint = Chart.defaults().one("ServiceMonitor").at("/spec/endpoints/0");

        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("port").asText()).isEqualTo("http");
        assertThat(endpoint.path("honorLabels").asBoolean()).isTrue();
    }

    @Test
    void dashboardShipsAsAConfigMapForTheGrafanaSidecar() {
        JsonNode cm = Chart.defaults().named("ConfigMap", "skaler-dashboard");

        assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(cm.at("/data/skaler.json").asText()).contains("\"uid\": \"skaler-overview\"");
        assertThat(Chart.full().named("ConfigMap", "skaler-gpu-dashboard").at("/metadata/namespace").asText())
                .isEqualTo("monitoring");
    }

    @Test
    void optionalPartsCanBeTurnedOff() {
        var r = Chart.template(Optional.empty(), Map.of("metrics.serviceMonitor.enabled", "false",
                "metrics.prometheusRule.enabled", "false", "metrics.dashboard.enabled", "false",
                "networkPolicy.enabled", "false", "podDisruptionBudget.enabled", "false"));

        assertThat(r.docs()).extracting(d -> d.path("kind").asText())
                .doesNotContain("ServiceMonitor", "PrometheusRule", "NetworkPolicy", "PodDisruptionBudget");
        assertThat(r.ofKind("ConfigMap")).hasSize(1);
    }

    @Test
    void fullValuesReachTheObjects() {
        var r = Chart.full();
        JsonNode pod = r.one("Deployment").at("/spec/template/spec");
        JsonNode c = pod.at("/containers/0");

        assertThat(r.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(c.path("image").asText()).isEqualTo("registry.example.com/hpc/skaler:0.1.0-rc1");
        assertThat(env(c, "SKALER_KUBE_DRY_RUN")).isEqualTo("true");
        assertThat(env(c, "SKALER_API_TRIGGER_TOKEN_FILE")).isEqualTo("/var/run/secrets/skaler/trigger/token");
        assertThat(env(c, "SKALER_KUBE_NAMESPACES")).isEqualTo("slurm,slurm-trn");
        assertThat(pod.path("priorityClassName").asText()).isEqualTo("system-cluster-critical");
        assertThat(r.one("ServiceMonitor").at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(r.one("PrometheusRule").at("/spec/groups/0/rules/0/annotations/runbook_url").asText())
                .startsWith("https://runbooks.example.com/skaler/operations.md#");
        assertThat(r.one("Service").at("/spec/ports/0/port").asInt()).isEqualTo(9090);
    }

    @Test
    void eksExampleRendersAndItsNodePoolsAreSafeForSlurm() throws IOException {
        var r = Chart.template(Optional.of(Chart.projectDir().resolve("deploy/eks/values.yaml")), Map.of());
        JsonNode policy = Chart.YAML.readTree(r.named("ConfigMap", "skaler-policy").at("/data/policy.yaml").asText());
        List<JsonNode> pools = Chart.parse(Files.readString(Chart.projectDir().resolve("deploy/eks/nodepools.yaml")));
        String slurm = Files.readString(Chart.projectDir().resolve("deploy/eks/slurm-values.yaml"));

        assertThat(policy.at("/partitions/0/nodeSets/0/nodePool/name").asText()).isEqualTo("h100");
        assertThat(policy.at("/partitions/1/nodeSets/0/nodePool/name").asText()).isEqualTo("trn1");
        assertThat(pools).extracting(p -> p.at("/metadata/name").asText()).containsExactly("h100", "trn1");
        for (JsonNode pool : pools) {
            assertThat(pool.path("apiVersion").asText()).isEqualTo("karpenter.sh/v1");
            assertThat(pool.at("/spec/disruption/consolidationPolicy").asText()).isEqualTo("WhenEmpty");
        }
        assertThat(pools.get(0).at("/spec/template/spec/requirements/0/values/0").asText()).isEqualTo("p5.48xlarge");
        assertThat(pools.get(0).at("/spec/limits").has("nvidia.com/gpu")).isTrue();
        assertThat(pools.get(1).at("/spec/template/spec/requirements/0/values/0").asText()).isEqualTo("trn1.32xlarge");
        assertThat(pools.get(1).at("/spec/limits").has("aws.amazon.com/neuron")).isTrue();
        assertThat(slurm).contains("SLURMRESTD_JSON", "value: compact", "SLURM_BITSTR_LEN", "MALLOC_ARENA_MAX");
    }

    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return "";
    }

    static String envField(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.at("/valueFrom/fieldRef/fieldPath").asText();
            }
        }
        return "";
    }

    static String mountPath(JsonNode container, String volume) {
        List<String> paths = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> {
            if (m.path("name").asText().equals(volume)) {
                paths.add(m.path("mountPath").asText());
            }
        });
        assertThat(paths).as("mount of %s", volume).hasSize(1);
        return paths.get(0);
    }

    static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }
}
