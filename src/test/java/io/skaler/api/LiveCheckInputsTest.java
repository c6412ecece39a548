package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.api.check.CheckInput;
import io.skaler.api.check.CheckResult;
import io.skaler.api.check.CheckStatus;
import io.skaler.api.check.Checks;
import io.skaler.api.check.OperatorClientCheck;
import io.skaler.kube.KubeDocuments;
import io.skaler.sandbox.SandboxKube;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code check --live}: what the cluster lists becomes the same input the offline check reads from a file. */
class LiveCheckInputsTest {
    static String resource(String name) throws IOException {
        try (var in = LiveCheckInputsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void listsTheObjectsTheChecksLookAt() throws IOException {
        try (var kube = SandboxKube.start()) {
            var client = kube.client();
            for (var o : KubeDocuments.parse(resource("/sandbox/small-cluster.yaml"))) {
                if (List.of("NodeSet", "Controller", "NodePool").contains(o.kind())) {
                    var r = client.getKubernetesSerialization().convertValue(o.body(),
                            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
                    var ops = client.genericKubernetesResources(o.apiVersion(), o.kind());
                    (o.namespace().isEmpty() ? ops.resource(r) : ops.inNamespace(o.namespace()).resource(r)).create();
                }
            }
            var objects = LiveCheckInputs.objects(client, List.of("slurm"));
            assertThat(objects).extracting(KubeDocuments.KubeObject::kind).contains("NodeSet", "Controller",
                    "NodePool", "CustomResourceDefinition");
            var in = CheckInput.empty(Instant.EPOCH).withObjects(objects);
            // no RestApi was created: the operator would have no Slurm client
            var results = new OperatorClientCheck().run(in);
            assertThat(results).extracting(CheckResult::status).containsExactly(CheckStatus.FAIL);
            assertThat(Checks.exitStatus(Checks.run(Checks.ALL, in))).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableMetricsEndpointIsAFailedProbeNotAnException() {
        var probe = LiveCheckInputs.probeMetrics(java.net.URI.create("http://127.0.0.1:1/q/metrics"));
        assertThat(probe.error()).isPresent();
        assertThat(probe.skalerSeries()).isFalse();
    }

    @Test
    void jwtClaimsAreRead() {
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sun\":\"slurm\",\"exp\":1800000000}".getBytes(StandardCharsets.UTF_8));
        var claims = JwtClaims.read("SLURM_JWT=e30." + payload + ".sig");
        assertThat(claims.user()).isEqualTo(Optional.of("slurm"));
        assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(1800000000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JwtClaims.read("nope"))
                .hasMessageContaining("not a JWT");
    }
}
