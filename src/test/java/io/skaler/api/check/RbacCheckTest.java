package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.NODESET;
import static io.skaler.api.check.CheckFixtures.kube;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RbacCheckTest {
    static final String ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: skaler-slurm, namespace: NS}
            rules:
            - {apiGroups: [slinky.slurm.net], resources: [nodesets/scale], verbs: [get, update]}
            """;
    static final String BINDING = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: skaler-slurm, namespace: NS}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: skaler-slurm}
            subjects: [{kind: ServiceAccount, name: skaler, namespace: skaler}]
            """;
    static final String CLUSTER_ROLE = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: skaler}
            rules:
            - {apiGroups: [karpenter.sh], resources: [nodepools], verbs: [get, list, watch, patch]}
            """;

    @Test
    void offlineARoleBoundInTheNamespaceCoversIt() {
        var r = new RbacCheck().run(kube(NODESET, CLUSTER_ROLE, ROLE.replace("NS", "slurm"),
                BINDING.replace("NS", "slurm")));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.PASS);
    }

    @Test
    void offlineARoleInAnotherNamespaceDoesNot() {
        var r = new RbacCheck().run(kube(NODESET, CLUSTER_ROLE, ROLE.replace("NS", "other"),
                BINDING.replace("NS", "other")));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.FAIL);
        assertThat(r.get(0).fix()).contains("rbac.slurmNamespaces");
    }

    @Test
    void offlineAnUnboundRoleDoesNot() {
        assertThat(new RbacCheck().run(kube(NODESET, ROLE.replace("NS", "slurm")))).extracting(CheckResult::status)
                .containsExactly(CheckStatus.FAIL);
    }

    @Test
    void offlineWithoutAnyRoleItIsUnknown() {
        var r = new RbacCheck().run(kube(NODESET));
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.SKIP);
        assertThat(r.get(0).detail()).contains("unknown");
    }

    @Test
    void liveTheAccessReviewDecides() {
        var in = kube(NODESET).withPolicy(CheckFixtures.policy("""
                  - name: gpu
                    nodeSets:
                      - {name: a, namespace: slurm, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}
                      - {name: b, namespace: team-b, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}
                """)).withAccess(Map.of("slurm", true, "team-b", false));
        var r = new RbacCheck().run(in);
        assertThat(r).extracting(CheckResult::status).containsExactly(CheckStatus.PASS, CheckStatus.FAIL);
        assertThat(r.get(1).detail()).contains("team-b");
    }
}
