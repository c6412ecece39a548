package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.NODESET;
import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrdCheckTest {
    static String crd(String name, String... versions) {
        var sb = new StringBuilder("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: "
                + name + "}\nspec:\n  versions:\n");
        for (String v : versions) {
            sb.append("  - {name: ").append(v).append(", served: true, storage: true}\n");
        }
        return sb.toString();
    }

    static final String[] ALL_V1 = {crd("nodesets.slinky.slurm.net", "v1beta1"),
        crd("controllers.slinky.slurm.net", "v1beta1"), crd("restapis.slinky.slurm.net", "v1beta1"),
        crd("nodepools.karpenter.sh", "v1"), crd("nodeclaims.karpenter.sh", "v1")};

    @Test
    void servedVersionsPass() {
        assertThat(new CrdCheck().run(kube(ALL_V1))).extracting(CheckResult::status).containsOnly(CheckStatus.PASS)
                .hasSize(5);
    }

    @Test
    void slinkyZeroServesOnlyV1alpha1() {
        var docs = ALL_V1.clone();
        docs[0] = crd("nodesets.slinky.slurm.net", "v1alpha1");
        var r = new CrdCheck().run(kube(docs));
        assertThat(r.get(0).status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.get(0).detail()).isEqualTo("nodesets.slinky.slurm.net serves v1alpha1, not v1beta1");
    }

    @Test
    void aMissingCrdFails() {
        var r = new CrdCheck().run(kube(ALL_V1[0], ALL_V1[1], ALL_V1[2], ALL_V1[3]));
        assertThat(r.get(4).status()).isEqualTo(CheckStatus.FAIL);
        assertThat(r.get(4).detail()).contains("nodeclaims.karpenter.sh is not installed");
    }

    @Test
    void withoutCrdObjectsTheObjectsApiVersionIsEvidence() {
        var r = new CrdCheck().run(kube(NODESET));
        assertThat(r.get(0).status()).isEqualTo(CheckStatus.PASS);
        assertThat(r.get(1).status()).isEqualTo(CheckStatus.SKIP);
        var old = new CrdCheck().run(kube(NODESET.replace("v1beta1", "v1alpha1")));
        assertThat(old.get(0).status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void karpenterIsNotNeededWhenThePolicyBindsNoPool() {
        var in = kube(ALL_V1[0], ALL_V1[1], ALL_V1[2]).withPolicy(CheckFixtures.gpuPolicy("{cpus: 1, memoryMB: 1}",
                "{name: p5, mode: none}"));
        assertThat(new CrdCheck().run(in)).hasSize(3).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
    }
}
