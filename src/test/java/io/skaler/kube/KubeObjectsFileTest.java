package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skaler.model.NodeClaimState.Phase;
import io.skaler.model.NodeSetPod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The offline converter behind {@code skaler plan --kube FILE}. */
class KubeObjectsFileTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static final String CLUSTER = """
            apiVersion: slinky.slurm.net/v1beta1
            kind: NodeSet
            metadata:
              name: gpu
              namespace: slurm
              annotations:
                skaler.io/paused: "true"
                skaler.io/last-scale-up: "2026-11-25T11:00:00Z"
            spec:
              controllerRef: {name: slurm}
              replicas: 3
            status: {replicas: 2, readyReplicas: 1}
            ---
            apiVersion: slinky.slurm.net/v1alpha1
            kind: NodeSet
            metadata: {name: old, namespace: slurm}
            spec: {clusterName: slurm}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: slurm-worker-gpu-0
              namespace: slurm
              creationTimestamp: "2026-11-25T11:50:00Z"
              labels: {nodeset.slinky.slurm.net/pod-hostname: gpu-0}
              annotations: {nodeset.slinky.slurm.net/pod-deletion-cost: "-5"}
              ownerReferences:
              - {apiVersion: slinky.slurm.net/v1beta1, kind: NodeSet, name: gpu, uid: u1, controller: true}
            spec:
              hostname: gpu-0
              containers: [{name: slurmd, image: slurmd}]
            status:
              conditions: [{type: Ready, status: "True"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: slurm-worker-gpu-1
              namespace: slurm
              labels: {app.kubernetes.io/instance: gpu}
            spec:
              hostname: gpu-1
              containers: [{name: slurmd, image: slurmd}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: stray, namespace: slurm}
            spec: {containers: [{name: x, image: x}]}
            ---
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: trn}
            spec:
              template: {metadata: {annotations: {karpenter.sh/do-not-disrupt: "true"}}, spec: {}}
              limits: {aws.amazon.com/neuron: 32, cpu: "1500m", memory: 2Ti}
              replicas: 2
            status:
              resources: {aws.amazon.com/neuron: "16", cpu: "128"}
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: karpenter.sh/v1
              kind: NodeClaim
              metadata: {name: trn-a, creationTimestamp: "2026-11-25T11:55:00Z", labels: {karpenter.sh/nodepool: trn}}
              status: {conditions: [{type: Launched, status: "Unknown"}]}
            - apiVersion: karpenter.sh/v1
              kind: NodeClaim
              metadata: {name: trn-b, labels: {karpenter.sh/nodepool: trn}}
              status: {conditions: [{type: Launched, status: "Unknown", reason: LaunchFailed, lastTransitionTime: "2026-11-25T11:58:00Z"}]}
            - apiVersion: karpenter.sh/v1
              kind: NodeClaim
              metadata: {name: trn-bb, labels: {karpenter.sh/nodepool: trn}}
              status: {conditions: [{type: Launched, status: "False", reason: NeverSetByKarpenter}]}
            - apiVersion: karpenter.sh/v1
              kind: NodeClaim
              metadata: {name: trn-c}
              status: {conditions: [{type: Launched, status: "True"}, {type: Registered, status: "True"}]}
            """;

    @Test
    void multiDocumentYamlBecomesTheSnapshotTheLiveViewWouldGive() {
        var snap = KubeObjectsFile.parse(CLUSTER, NOW);

        assertThat(snap.observedAt()).isEqualTo(NOW);
        assertThat(snap.nodeSets()).hasSize(2);
        var gpu = snap.nodeSets().get(0);
        assertThat(gpu.ref().toString()).isEqualTo("slurm/gpu");
        assertThat(gpu.specReplicas()).isEqualTo(3);
        assertThat(gpu.statusReplicas()).isEqualTo(2);
        assertThat(gpu.readyReplicas()).isEqualTo(1);
        assertThat(gpu.paused()).isTrue();
        assertThat(gpu.lastScaleUpAt()).contains(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(gpu.backoffUntil()).isEmpty();
        assertThat(gpu.pods()).containsExactly(
                new NodeSetPod("slurm-worker-gpu-0", "gpu-0", true, false, Instant.parse("2026-11-25T11:50:00Z"),
                        OptionalInt.of(-5)),
                new NodeSetPod("slurm-worker-gpu-1", "gpu-1", false, false, NOW, OptionalInt.empty()));
        var old = snap.nodeSets().get(1);
        assertThat(old.specReplicas()).isEqualTo(1); // the CRD default
        assertThat(old.pods()).isEmpty();

        var trn = snap.nodePools().get(0);
        assertThat(trn.limits()).containsEntry("aws.amazon.com/neuron", new BigDecimal("32"))
                .containsEntry("cpu", new BigDecimal("1.5"))
                .containsEntry("memory", new BigDecimal("2199023255552"));
        assertThat(trn.usage()).containsEntry("cpu", new BigDecimal("128"));
        assertThat(trn.staticReplicas()).isEqualTo(OptionalLong.of(2));
        assertThat(trn.consolidationPolicy()).isEqualTo("WhenEmptyOrUnderutilized");
        assertThat(trn.doNotDisrupt()).isTrue();

        assertThat(snap.nodeClaims()).extracting(c -> c.name() + ":" + c.phase() + ":" + c.failureReason() + ":"
                + c.nodePool()).containsExactly("trn-a:LAUNCHING::trn", "trn-b:FAILED:LaunchFailed:trn",
                "trn-bb:LAUNCHING::trn",
                "trn-c:REGISTERED::");
        assertThat(snap.nodeClaims().get(0).createdAt()).isEqualTo(Instant.parse("2026-11-25T11:55:00Z"));
        assertThat(snap.nodeClaims().get(1).phase()).isEqualTo(Phase.FAILED);
    }

    @Test
    void badInputNamesTheDocumentAndTheField() {
        assertThatThrownBy(() -> KubeObjectsFile.parse("""
                apiVersion: slinky.slurm.net/v1beta1
                kind: NodeSet
                metadata: {name: gpu, namespace: slurm, annotations: {skaler.io/last-scale-up: yesterday}}
                spec: {replicas: 1}
                """, NOW)).hasMessageContaining("NodeSet slurm/gpu").hasMessageContaining("skaler.io/last-scale-up")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> KubeObjectsFile.parse("""
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: p}
                spec: {limits: {cpu: many}}
                """, NOW)).hasMessageContaining("document 1").hasMessageContaining("spec.limits.cpu");
        assertThatThrownBy(() -> KubeObjectsFile.parse("kind: Pod\nmetadata: {name: x}\n", NOW))
                .hasMessage("document 1 (Pod): apiVersion: missing (every object needs apiVersion and kind)");
        assertThatThrownBy(() -> KubeObjectsFile.parse("a: [b", NOW)).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> KubeObjectsFile.parse("""
                # Source: slurm/templates/nodeset/nodeset-cr.yaml
                apiVersion: slinky.slurm.net/v1beta1
                kind: NodeSet
                metadata: {name: gpu, namespace: slurm}
                spec: {replicas: many}
                """, NOW)).hasMessageStartingWith("document 1 (NodeSet slurm/gpu): ").hasMessageContaining("replicas");
        assertThatThrownBy(() -> KubeObjectsFile.parse("""
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Secret, metadata: {name: s, namespace: slurm}}
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: p, namespace: slurm}
                  spec: {containers: not-a-list}
                """, NOW)).hasMessageStartingWith("document 1 item 2 (Pod slurm/p): spec.containers: ");
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = KubeObjectsFileTest.class.getResourceAsStream("/kube/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void helmTemplateOutputIsReadAndWhatPlanDoesNotReadIsCounted() throws Exception {
        var parsed = KubeObjectsFile.parseCounted(resource("helm-template-slurm.yaml"), NOW);
        assertThat(parsed.read()).containsExactly(java.util.Map.entry("NodeSet", 2));
        assertThat(parsed.skipped()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("Secret", 2, "ConfigMap", 1,
                "PriorityClass", 1, "PodDisruptionBudget", 1, "Accounting", 1, "Controller", 1, "LoginSet", 1,
                "RestApi", 1));
        assertThat(parsed.skippedCount()).isEqualTo(9);
        assertThat(parsed.snapshot().nodeSets()).extracting(n -> n.ref() + "=" + n.specReplicas())
                .containsExactly("slurm/slurm-worker-cpu=2", "slurm/slurm-worker-gpu-h100=1");
    }

    @Test
    void kubectlListDumpsAreReadTogether() throws Exception {
        String all = resource("helm-template-slurm.yaml") + "\n---\n" + resource("slurm-pods.yaml") + "\n---\n"
                + resource("karpenter-pools.yaml");
        var parsed = KubeObjectsFile.parseCounted(all, NOW);
        assertThat(parsed.read()).containsEntry("Pod", 3).containsEntry("NodePool", 1).containsEntry("NodeClaim", 1);
        assertThat(parsed.skipped()).containsEntry("Service", 1).containsEntry("Deployment", 1)
                .containsEntry("StatefulSet", 1).containsEntry("EC2NodeClass", 1);
        var gpu = parsed.snapshot().nodeSets().get(1);
        assertThat(gpu.pods()).extracting(NodeSetPod::slurmNodeName).containsExactly("gpu-h100-0");
        assertThat(parsed.snapshot().nodePools().get(0).limits()).containsEntry("nvidia.com/gpu", new BigDecimal("16"));
        assertThat(parsed.snapshot().nodeClaims()).extracting(c -> c.nodePool()).containsExactly("p5-h100");
    }

    @Test
    void typedListsAndJsonAreReadToo() {
        var parsed = KubeObjectsFile.parseCounted("""
                {"apiVersion": "karpenter.sh/v1", "kind": "NodePoolList", "items": [
                  {"metadata": {"name": "a"}, "spec": {"limits": {"cpu": "64"}}}]}
                """, NOW);
        assertThat(parsed.snapshot().nodePools()).extracting(p -> p.name()).containsExactly("a");
    }
}
