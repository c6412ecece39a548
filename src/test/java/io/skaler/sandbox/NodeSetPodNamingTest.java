package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** slurm-operator's StatefulSet-mode naming (utils.go initIdentity, GetSlurmNodeName; common.go GetSlurmNodeSetName). */
class NodeSetPodNamingTest {

    @Test
    void theChartsTemplateHostnameNamesTheSlurmNodesAndNodesetNotThePod() {
        var naming = new NodeSetPodNaming("slurm-worker-gpu-h100", "gpu-h100-");

        assertThat(naming.podName(3)).isEqualTo("slurm-worker-gpu-h100-3");
        assertThat(naming.slurmNode(3)).isEqualTo("gpu-h100-3");
        assertThat(naming.slurmNodeSet()).isEqualTo("gpu-h100");
    }

    @Test
    void withoutATemplateHostnameTheSlurmNodeIsThePod() {
        var naming = new NodeSetPodNaming("workers", "");

        assertThat(naming.slurmNode(0)).isEqualTo("workers-0").isEqualTo(naming.podName(0));
        assertThat(naming.slurmNodeSet()).isEqualTo("workers");
    }

    @Test
    void theNodesetNameIsTheFirstWordOfTheHostnameWithoutDashes() {
        assertThat(new NodeSetPodNaming("n", "-gpu- other").slurmNodeSet()).isEqualTo("gpu");
    }

    @Test
    void readsTheHostnameFromTheNodeSetObject() {
        var object = new GenericKubernetesResourceBuilder().withApiVersion("slinky.slurm.net/v1beta1")
                .withKind("NodeSet").withNewMetadata().withName("slurm-worker-trn1").endMetadata()
                .withAdditionalProperties(new HashMap<>(Map.of("spec",
                        Map.of("template", Map.of("spec", Map.of("hostname", "trn1-")))))).build();

        assertThat(NodeSetPodNaming.of(object)).isEqualTo(new NodeSetPodNaming("slurm-worker-trn1", "trn1-"));
        assertThat(NodeSetPodNaming.of(new GenericKubernetesResourceBuilder().withNewMetadata().withName("x")
                .endMetadata().build()).templateHostname()).isEmpty();
    }
}
