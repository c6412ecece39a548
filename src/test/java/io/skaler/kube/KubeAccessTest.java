package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The RBAC table and the request-to-permission mapping the mock tests use to check every request against it. */
class KubeAccessTest {
    @Test
    void requestsMapToTheVerbsKubernetesAuthorizes() {
        assertThat(RbacCheck.access("PUT", "/apis/slinky.slurm.net/v1beta1/namespaces/slurm/nodesets/gpu/scale"))
                .isEqualTo(new RbacCheck.Access("slinky.slurm.net", "nodesets/scale", "update"));
        assertThat(RbacCheck.access("GET", "/api/v1/namespaces/slurm/pods?resourceVersion=5&watch=true"))
                .isEqualTo(new RbacCheck.Access("", "pods", "watch"));
        assertThat(RbacCheck.access("GET", "/apis/karpenter.sh/v1/nodepools?limit=500"))
                .isEqualTo(new RbacCheck.Access("karpenter.sh", "nodepools", "list"));
        assertThat(RbacCheck.access("PATCH", "/apis/karpenter.sh/v1/nodepools/gpu"))
                .isEqualTo(new RbacCheck.Access("karpenter.sh", "nodepools", "patch"));
        assertThat(RbacCheck.access("POST", "/apis/coordination.k8s.io/v1/namespaces/skaler/leases"))
                .isEqualTo(new RbacCheck.Access("coordination.k8s.io", "leases", "create"));
    }

    @Test
    void theTableGrantsNoDeletesAndNoWritesOnWhatSkalerOnlyReads() {
        assertThat(KubeAccess.RULES).allSatisfy(r -> assertThat(r.verbs()).doesNotContain("delete", "deletecollection",
                "*"));
        assertThat(KubeAccess.verbsOf("karpenter.sh", "nodeclaims")).containsExactly("list", "watch");
        assertThat(KubeAccess.verbsOf("", "nodes")).containsExactly("list", "watch");
        assertThat(KubeAccess.verbsOf("slinky.slurm.net", "controllers")).containsExactly("list", "watch");
        assertThat(KubeAccess.allows("", "pods", "delete")).isFalse();
        assertThat(KubeAccess.allows("", "events", "create")).isTrue();
    }
}
