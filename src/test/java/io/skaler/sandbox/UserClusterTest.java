package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skaler.kube.KubeDocuments;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code sandbox --cluster --policy}: the scenario built from the user's objects and policy. */
class UserClusterTest {
    static String resource(String path) throws IOException {
        try (var in = UserClusterTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Policy policy(String text) {
        return ((PolicyResult.Valid) PolicyParser.parse(text)).policy();
    }

    static final String GPU_POLICY = """
            apiVersion: skaler.io/v1alpha1
            kind: Policy
            partitions:
              - name: gpu-h100
                nodeSets:
                  - name: slurm-worker-gpu-h100
                    namespace: slurm
                    node: {cpus: 192, memoryMB: 1900000, gres: {"gpu:h100": 8}, features: [gpu-h100]}
                    maxReplicas: 4
                    nodePool: {name: p5-h100, mode: limits}
            """;

    @Test
    void helmTemplateAndKubectlDumpBecomeTheScenario() throws IOException {
        var objects = KubeDocuments.parse(resource("/kube/helm-template-slurm.yaml") + "\n---\n"
                + resource("/kube/karpenter-pools.yaml"));
        var built = UserCluster.build(objects, policy(GPU_POLICY), Optional.empty(), Scenario.loadDefault());

        var ns = built.scenario().nodeSets();
        assertThat(ns).hasSize(1);
        assertThat(ns.get(0).name()).isEqualTo("slurm-worker-gpu-h100");
        assertThat(ns.get(0).partition()).isEqualTo("gpu-h100");
        assertThat(ns.get(0).replicas()).isEqualTo(1);
        assertThat(ns.get(0).maxNodes()).isEqualTo(4);
        var pool = built.scenario().nodePools().get(0);
        assertThat(pool.name()).isEqualTo("p5-h100");
        assertThat(pool.instanceType()).isEqualTo("p5.48xlarge");
        // one machine as its NodeClaim reports it, not the policy's shape
        assertThat(pool.capacity()).containsEntry("cpu", new BigDecimal("192"))
                .containsEntry("nvidia.com/gpu", new BigDecimal("8"));
        assertThat(pool.limits()).containsEntry("nvidia.com/gpu", new BigDecimal("16"));
        assertThat(built.scenario().namespace()).isEqualTo("slurm");
        // only the bundled jobs of gpu-h100 remain; the others are named
        assertThat(built.scenario().workload().groups()).allSatisfy(g -> assertThat(g.template().partitions())
                .contains("gpu-h100"));
        assertThat(built.droppedJobGroups()).isNotEmpty().allSatisfy(d -> assertThat(d).doesNotContain("gpu-h100)"));
        // a gpu-h100 job waiting on a dropped cpu job could never start: it goes too, saying why
        assertThat(built.droppedJobGroups()).contains("tune-after-prep (2 jobs, afterOk prep-cpu, dropped)");
        // a job of the bundled reservation: its nodes are the bundled cluster's, not this one's
        assertThat(built.droppedJobGroups())
                .contains("trn-reserved (2 jobs, reservation trn-window on nodes of the bundled cluster, dropped)");
        assertThat(built.scenario().workload().reservations()).isEmpty();
        assertThat(built.objects()).extracting(KubeDocuments.KubeObject::kind)
                .containsOnly("NodeSet", "Controller", "RestApi", "NodePool");
    }

    @Test
    void aNodeSetThePolicyNamesMustBeInTheFile() throws IOException {
        var objects = KubeDocuments.parse(resource("/kube/karpenter-pools.yaml"));
        assertThatThrownBy(() -> UserCluster.build(objects, policy(GPU_POLICY), Optional.empty(),
                Scenario.loadDefault())).hasMessage("policy: partitions.gpu-h100.nodeSets: NodeSet"
                        + " slurm/slurm-worker-gpu-h100 is not in the cluster file");
    }

    @Test
    void aNodePoolMustBeInTheFile() throws IOException {
        var objects = KubeDocuments.parse(resource("/kube/helm-template-slurm.yaml"));
        assertThatThrownBy(() -> UserCluster.build(objects, policy(GPU_POLICY), Optional.empty(),
                Scenario.loadDefault())).hasMessageContaining("NodePool p5-h100 (of NodeSet slurm/slurm-worker-gpu-h100)"
                        + " is not in the cluster file");
    }

    @Test
    void noBundledJobForThePartitionsIsAnError() throws IOException {
        var objects = KubeDocuments.parse(resource("/sandbox/small-cluster.yaml"));
        var p = policy(resource("/sandbox/small-policy.yaml").replace("- name: cpu\n    nodeSets",
                "- name: batch\n    nodeSets"));
        assertThatThrownBy(() -> UserCluster.build(objects, p, Optional.empty(), Scenario.loadDefault()))
                .hasMessageStartingWith("workload: no job for any partition");
    }

    @Test
    void aWorkloadFileInTheScenarioFormat() throws IOException {
        var w = WorkloadFile.parse(UserClusterTest.class.getResourceAsStream("/sandbox/small-workload.yaml"));
        assertThat(w.groups()).extracting(JobGroup::name).containsExactly("compile");
        assertThat(w.submissions()).hasSize(2);
        assertThatThrownBy(() -> WorkloadFile.parse(new java.io.ByteArrayInputStream(
                "jobs: [{name: x, partition: cpu}]".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("jobs.x.runtime: missing");
        assertThatThrownBy(() -> WorkloadFile.parse(new java.io.ByteArrayInputStream(
                "name: y".getBytes(StandardCharsets.UTF_8)))).hasMessage("jobs: must be a non-empty list");
        var built = UserCluster.build(KubeDocuments.parse(resource("/sandbox/small-cluster.yaml")),
                policy(resource("/sandbox/small-policy.yaml")), Optional.of(w), Scenario.loadDefault());
        assertThat(built.droppedJobGroups()).isEmpty();
        assertThat(built.scenario().workload().groups()).hasSize(1);
        assertThat(List.copyOf(built.scenario().nodePools())).extracting(SandboxNodePool::capacity)
                .containsExactly(java.util.Map.of("cpu", new BigDecimal("64"), "memory",
                        new BigDecimal("262144000000")));
    }
}
