package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldManagersCheckTest {
    static final String NODESET = """
            apiVersion: slinky.slurm.net/v1beta1
            kind: NodeSet
            metadata:
              name: slurm-worker-gpu-h100
              namespace: slurm
              managedFields:
              - {manager: MANAGER, operation: Update, apiVersion: slinky.slurm.net/v1beta1, fieldsV1: {"f:spec": {"f:replicas": {}}}}
              - {manager: slurm-operator, operation: Update, subresource: status, fieldsV1: {"f:status": {"f:replicas": {}}}}
            spec: {replicas: 2}
            """;

    @Test
    void helmOwningTheReplicasIsAWarningWithTheFix() {
        var r = new FieldManagersCheck().run(kube(NODESET.replace("MANAGER", "helm")));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.WARN);
        assertThat(r.get(0).detail()).contains("NodeSet slurm-worker-gpu-h100: spec.replicas", "[helm]");
        assertThat(r.get(0).fix()).contains("ignoreDifferences");
    }

    @Test
    void onlySkalerOwningThemPasses() {
        var r = new FieldManagersCheck().run(kube(NODESET.replace("MANAGER", "skaler")));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.PASS);
    }

    @Test
    void aNodePoolWhoseLimitsArgoCdAppliesIsAWarning() {
        var r = new FieldManagersCheck().run(kube("""
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: p5
                  managedFields:
                  - {manager: argocd-controller, operation: Apply, fieldsV1: {"f:spec": {"f:limits": {"f:cpu": {}}}}}
                spec: {limits: {cpu: "192"}}
                """));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.WARN);
        assertThat(r.get(0).detail()).contains("NodePool p5: spec.limits", "argocd-controller");
    }

    @Test
    void withoutManagedFieldsItCannotTellAndSaysHowToDumpThem() {
        var r = new FieldManagersCheck().run(kube(NODESET.replaceAll("(?s)  managedFields:.*?spec:", "spec:")));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.SKIP);
        assertThat(r.get(0).fix()).contains("--show-managed-fields");
    }
}
