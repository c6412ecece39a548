package io.skaler.policy;

import static io.skaler.policy.PolicyFixtures.EXAMPLE;
import static io.skaler.policy.PolicyFixtures.policyWith;
import static io.skaler.policy.PolicyFixtures.withTop;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.model.ObjectRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

    static Policy valid(String yaml) {
        var result = PolicyParser.parse(yaml);
        assertThat(result).as("%s", result).isInstanceOf(PolicyResult.Valid.class);
        return ((PolicyResult.Valid) result).policy();
    }

    static NodeSetPolicy only(String yaml) {
        return valid(yaml).partitions().get(0).nodeSets().get(0);
    }

    @Test
    void theIssueExampleParsesIntoEffectiveSettings() {
        Policy p = valid(EXAMPLE);
        var defaultsUp = new ScaleUp(100);
        var defaultsDown = new ScaleDown(Duration.ofMinutes(10), Duration.ofMinutes(5), 10);
        assertThat(p.partitions()).containsExactly(
                new PartitionPolicy("gpu-h100", List.of(new NodeSetPolicy(
                        new ObjectRef("slurm", "slurm-worker-gpu-h100"),
                        new NodeShape(96, 1_000_000, Gres.of("gpu:h100", 8), List.of()),
                        0, 16, 0,
                        new NodePoolBinding("p5-h100", NodePoolBinding.Mode.LIMITS),
                        defaultsUp, defaultsDown, Duration.ofMinutes(20)))),
                new PartitionPolicy("trn1", List.of(new NodeSetPolicy(
                        new ObjectRef("slurm", "slurm-worker-trn1"),
                        new NodeShape(128, 500_000, Gres.NONE, List.of()),
                        0, 8, 0, NodePoolBinding.NONE,
                        defaultsUp, defaultsDown, Duration.ofMinutes(20)))));
        assertThat(p.gresResources()).isEqualTo(Map.of("gpu", "nvidia.com/gpu", "neuron", "aws.amazon.com/neuron"));
        assertThat(p.version()).hasSize(12).matches("[0-9a-f]{12}").isEqualTo(PolicyParser.version(EXAMPLE));
        assertThat(p.partition("trn1")).isPresent();
        assertThat(p.partition("cpu")).isEmpty();
    }

    @Test
    void builtInDefaultsApplyWhenNothingIsSaid() {
        NodeSetPolicy ns = only(policyWith(""));
        assertThat(ns.minReplicas()).isEqualTo(PolicyDefaults.MIN_REPLICAS).isZero();
        assertThat(ns.headroomNodes()).isZero();
        assertThat(ns.nodePool()).isEqualTo(NodePoolBinding.NONE);
        assertThat(ns.scaleUp()).isEqualTo(new ScaleUp(100));
        assertThat(ns.scaleDown()).isEqualTo(new ScaleDown(Duration.ofMinutes(10), Duration.ofMinutes(5), 10));
        assertThat(ns.provisioningTimeout()).isEqualTo(Duration.ofMinutes(20));
        assertThat(ns.node().features()).isEmpty();
        assertThat(ns.node().gres()).isEqualTo(Gres.NONE);
    }

    @Test
    void policyDefaultsReplaceBuiltInsAndNodeSetsOverrideFieldByField() {
        String yaml = """
                apiVersion: skaler.io/v1alpha1
                kind: Policy
                defaults:
                  scaleDown: {idleFor: 1h30m, stabilizationWindow: 90s, maxNodesPerCycle: 2}
                  scaleUp: {maxNodesPerCycle: 7}
                  provisioningTimeout: 15m
                partitions:
                  - name: p
                    nodeSets:
                      - {name: a, namespace: slurm, node: {cpus: 4, memoryMB: 8000}, maxReplicas: 3}
                      - name: b
                        namespace: slurm
                        node: {cpus: 4, memoryMB: 8000}
                        maxReplicas: 3
                        scaleDown: {idleFor: 500ms}
                        scaleUp: {maxNodesPerCycle: 1}
                        provisioningTimeout: 1h
                """;
        var sets = valid(yaml).partitions().get(0).nodeSets();
        assertThat(sets.get(0).scaleDown()).isEqualTo(new ScaleDown(Duration.ofMinutes(90), Duration.ofSeconds(90), 2));
        assertThat(sets.get(0).scaleUp()).isEqualTo(new ScaleUp(7));
        assertThat(sets.get(0).provisioningTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(sets.get(1).scaleDown()).isEqualTo(new ScaleDown(Duration.ofMillis(500), Duration.ofSeconds(90), 2));
        assertThat(sets.get(1).scaleUp()).isEqualTo(new ScaleUp(1));
        assertThat(sets.get(1).provisioningTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyNodeSetFieldIsRead() {
        NodeSetPolicy ns = only(PolicyFixtures.withNodeSet("""
                {name: gpu.a, namespace: hpc, node: {cpus: 96, memoryMB: 1000000, gres: {"gpu:h100": 8, nic: 2},
                 features: [h100, nvlink]}, minReplicas: 1, maxReplicas: 16, headroomNodes: 2,
                 nodePool: {name: p5, mode: static}}"""));
        assertThat(ns.ref()).isEqualTo(new ObjectRef("hpc", "gpu.a"));
        assertThat(ns.node()).isEqualTo(new NodeShape(96, 1_000_000,
                new Gres(Map.of("gpu:h100", 8L, "nic", 2L)), List.of("h100", "nvlink")));
        assertThat(ns.minReplicas()).isEqualTo(1);
        assertThat(ns.maxReplicas()).isEqualTo(16);
        assertThat(ns.headroomNodes()).isEqualTo(2);
        assertThat(ns.nodePool()).isEqualTo(new NodePoolBinding("p5", NodePoolBinding.Mode.STATIC));
    }

    @Test
    void nodePoolModes() {
        assertThat(only(policyWith("nodePool: {name: p, mode: limits}")).nodePool())
                .isEqualTo(new NodePoolBinding("p", NodePoolBinding.Mode.LIMITS));
        assertThat(only(policyWith("nodePool: {name: p, mode: static}")).nodePool())
                .isEqualTo(new NodePoolBinding("p", NodePoolBinding.Mode.STATIC));
        assertThat(only(policyWith("nodePool: {mode: none}")).nodePool()).isEqualTo(NodePoolBinding.NONE);
        assertThat(only(policyWith("nodePool: {name: p, mode: none}")).nodePool())
                .isEqualTo(new NodePoolBinding("p", NodePoolBinding.Mode.NONE));
    }

    @Test
    void memoryAsAKubernetesQuantityIsMebibytes() {
        var yaml = PolicyFixtures.withNodeSet("{name: a, namespace: s, node: {cpus: 1, memory: 1000Gi}, maxReplicas: 1}");
        assertThat(only(yaml).node().memoryMB()).isEqualTo(1_024_000);
        var decimal = PolicyFixtures.withNodeSet("{name: a, namespace: s, node: {cpus: 1, memory: 500G}, maxReplicas: 1}");
        assertThat(only(decimal).node().memoryMB()).isEqualTo(476_837);
    }

    @Test
    void memoryIsConsumableUnlessThePolicySaysOtherwise() {
        assertThat(valid(withTop("")).memoryConsumable()).isTrue();
        assertThat(valid(withTop("slurm: {memoryConsumable: false}")).memoryConsumable()).isFalse();
        assertThat(valid(withTop("slurm: {memoryConsumable: true}")).memoryConsumable()).isTrue();
    }

    @Test
    void gresResourcesAddToAndOverrideTheDefaults() {
        Policy p = valid(withTop("gresResources: {fpga: xilinx.com/fpga, gpu: amd.com/gpu}"));
        assertThat(p.gresResources()).isEqualTo(Map.of(
                "gpu", "amd.com/gpu", "neuron", "aws.amazon.com/neuron", "fpga", "xilinx.com/fpga"));
    }

    @Test
    void aMappedGresKindIsAcceptedInLimitsMode() {
        var yaml = """
                apiVersion: skaler.io/v1alpha1
                kind: Policy
                gresResources: {fpga: xilinx.com/fpga}
                partitions:
                  - name: p
                    nodeSets:
                      - {name: a, namespace: s, node: {cpus: 1, memoryMB: 1, gres: {fpga: 2, "neuron:trn1": 16}},
                         maxReplicas: 1, nodePool: {name: x, mode: limits}}
                """;
        assertThat(only(yaml).node().gres().total("fpga")).isEqualTo(2);
    }

    @Test
    void anEmptyPartitionListManagesNothing() {
        assertThat(valid("apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions: []\n").partitions()).isEmpty();
    }

    @Test
    void nodeSetsKeepTheirOrderOfPreference() {
        var yaml = """
                apiVersion: skaler.io/v1alpha1
                kind: Policy
                partitions:
                  - name: p
                    nodeSets:
                      - {name: z-first, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}
                      - {name: a-second, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}
                """;
        assertThat(valid(yaml).partitions().get(0).nodeSets()).extracting(ns -> ns.ref().name())
                .containsExactly("z-first", "a-second");
    }

    @Test
    void theVersionFollowsTheText() {
        String a = policyWith("");
        String b = policyWith("") + "# a comment changes the text\n";
        assertThat(valid(a).version()).isEqualTo(valid(a).version());
        assertThat(valid(a).version()).isNotEqualTo(valid(b).version());
    }

    @Test
    void zeroScaleDownPerCycleMeansNeverScaleIn() {
        assertThat(only(policyWith("scaleDown: {maxNodesPerCycle: 0, idleFor: 0}")).scaleDown())
                .isEqualTo(new ScaleDown(Duration.ZERO, Duration.ofMinutes(5), 0));
    }
}
