package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** skaler's CRDs declare the subresources as upstream does, and the schema check used by the mock tests bites. */
class CrdSchemaTest {
    private static final KubernetesSerialization SER = new KubernetesSerialization();
    private final SchemaCheck schemas = new SchemaCheck();

    private static CustomResourceDefinition crd(String file) throws Exception {
        try (var in = CrdSchemaTest.class.getResourceAsStream(KubeResources.CRD_DIR + file)) {
            return SER.unmarshal(in, CustomResourceDefinition.class);
        }
    }

    private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd, String name) {
        return crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void nodeSetScalesLikeUpstreamAndServesOneVersionAsEverySlinkyReleaseDoes() throws Exception {
        var crd = crd("nodesets.slinky.slurm.net.yaml");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        var beta = version(crd, "v1beta1");
        assertThat(beta.getStorage()).isTrue();
        assertThat(beta.getSubresources().getStatus()).isNotNull();
        assertThat(beta.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
        assertThat(beta.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.replicas");
        assertThat(beta.getSubresources().getScale().getLabelSelectorPath()).isEqualTo(".status.selector");
        for (String file : List.of("nodesets.slinky.slurm.net.yaml", "controllers.slinky.slurm.net.yaml",
                "restapis.slinky.slurm.net.yaml")) {
            assertThat(crd(file).getSpec().getVersions()).as(file).singleElement()
                    .satisfies(v -> assertThat(v.getName()).isEqualTo("v1beta1"));
        }
    }

    @Test
    void theSlinkyCrdsCarryUpstreamsValidation() throws Exception {
        var spec = version(crd("nodesets.slinky.slurm.net.yaml"), "v1beta1").getSchema().getOpenAPIV3Schema()
                .getProperties().get("spec").getProperties();
        assertThat(spec.get("replicas").getDefault().asInt()).isEqualTo(1);
        assertThat(spec.get("scalingMode").getDefault().asText()).isEqualTo("StatefulSet");
        assertThat(spec.get("workloadDisruptionProtection").getDefault().asBoolean()).isTrue();
        assertThat(spec.get("pruneSlurmNodeRecords").getDefault().asText()).isEqualTo("Never");
        var ns = Fixtures.nodeSet("gpu", 2, Map.of());
        assertThat(errors(withSpec(Fixtures.nodeSet("gpu", 2, Map.of()), "scalingMode", "Deployment"))).isNotEmpty();
        assertThat(errors(withSpec(Fixtures.nodeSet("gpu", 2, Map.of()), "partition", Map.of("config", "x"))))
                .as("partition.enabled is required").isNotEmpty();
        ns.getAdditionalProperties().put("status", Map.of("replicas", 2, "readyReplicas", 2));
        assertThat(errors(ns)).as("status needs nodeSetHash and selector").isNotEmpty();
        ns.getAdditionalProperties().put("status", Map.of("replicas", 2, "nodeSetHash", "h", "selector", "s",
                "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        assertThat(errors(ns)).as("a condition has reason, message and lastTransitionTime").isNotEmpty();
        var restApi = Fixtures.restApi();
        restApi.getAdditionalProperties().put("spec", Map.of("replicas", 1));
        assertThat(errors(restApi)).as("RestApi.spec.controllerRef is required").isNotEmpty();
    }

    @Test
    void nodePoolScaleHasNoSelectorAndNodeClaimHasNoScale() throws Exception {
        var pool = version(crd("nodepools.karpenter.sh.yaml"), "v1");
        assertThat(pool.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
        assertThat(pool.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.nodes");
        assertThat(pool.getSubresources().getScale().getLabelSelectorPath()).isNull();
        var claim = version(crd("nodeclaims.karpenter.sh.yaml"), "v1");
        assertThat(claim.getSubresources().getStatus()).isNotNull();
        assertThat(claim.getSubresources().getScale()).isNull();
        assertThat(crd("nodeclaims.karpenter.sh.yaml").getSpec().getScope()).isEqualTo("Cluster");
    }

    @Test
    void theFixturesConform() {
        assertThat(errors(Fixtures.nodeSet("gpu", 2, Map.of(KubeNames.PAUSED, "true")))).isEmpty();
        assertThat(errors(Fixtures.nodePool("p", Map.of("nvidia.com/gpu", "16", "cpu", "500m", "memory", "1Ti"),
                Map.of("cpu", "3"), 2L, "WhenEmpty", Map.of()))).isEmpty();
        assertThat(errors(Fixtures.controller())).isEmpty();
        assertThat(errors(Fixtures.restApi())).isEmpty();
    }

    @Test
    void theSchemaCheckRejectsWhatTheApiServerWouldRejectOrSilentlyDrop() {
        assertThat(errors(withSpec(Fixtures.nodeSet("gpu", 2, Map.of()), "replicas", "three"))).isNotEmpty();
        assertThat(errors(withSpec(Fixtures.nodeSet("gpu", 2, Map.of()), "replica", 5))).isNotEmpty();
        assertThat(errors(withSpec(Fixtures.nodeSet("gpu", 2, Map.of()), "replicas", 3_000_000_000L))).isNotEmpty();
        assertThat(errors(withSpec(pool(), "limits", Map.of("cpu", "lots")))).isNotEmpty();
        assertThat(errors(withSpec(pool(), "replicas", -1))).isNotEmpty();
        assertThat(errors(withSpec(pool(), "disruption", Map.of("consolidationPolicy", "Sometimes")))).isNotEmpty();
        assertThat(errors(withSpec(pool(), "limits", Map.of("nvidia.com/gpu", "32", "memory", "549755813888"))))
                .isEmpty();
    }

    private static GenericKubernetesResource pool() {
        return Fixtures.nodePool("p", Map.of(), Map.of(), null, "WhenEmpty", Map.of());
    }

    private List<String> errors(GenericKubernetesResource r) {
        return schemas.errors(SER.asJson(r));
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource withSpec(GenericKubernetesResource r, String field, Object value) {
        var spec = new LinkedHashMap<>((Map<String, Object>) r.getAdditionalProperties().get("spec"));
        spec.put(field, value);
        r.getAdditionalProperties().put("spec", spec);
        return r;
    }
}
