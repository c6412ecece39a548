package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.skaler.model.NodeClaimState;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Karpenter ends a launch that met insufficient capacity by deleting the NodeClaim before {@code Launched=True}
 * (nodeclaim/lifecycle/launch.go); the live view must hand that to the planner as a failed launch of the pool, and
 * not take a launched node's removal, or a static pool's scale-down, for one.
 */
class LaunchFailureDetectionTest {
    private final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    private MockCluster cluster;
    private KubeView view;

    @BeforeEach
    void cluster() throws Exception {
        cluster = new MockCluster();
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("gpu", 1, Map.of()));
        Fixtures.create(cluster.admin, KubeResources.NODEPOOLS, Fixtures.nodePool("h100", Map.of(), Map.of(), null,
                "WhenEmpty", Map.of()));
        Fixtures.create(cluster.admin, KubeResources.NODEPOOLS, Fixtures.nodePool("fixed", Map.of(), Map.of(), 1L,
                "WhenEmpty", Map.of()));
        claim("h100-aaaaa", "h100", null);
        claim("h100-bbbbb", "h100", "True");
        claim("fixed-aaaaa", "fixed", null);
        claim("fixed-bbbbb", "fixed", null);
        view = new KubeView(cluster.skalerClient(), new KubeViewSettings(NS, "v1beta1", NS, "skaler-policy",
                Map.of()), clock);
        view.start();
        await("fresh", () -> view.snapshot() instanceof ViewResult.Fresh f && f.snapshot().nodeClaims().size() == 4);
    }

    @AfterEach
    void close() throws Exception {
        view.close();
        cluster.close();
    }

    private void claim(String name, String pool, String launched) {
        var body = launched == null ? Map.<String, Object>of()
                : Map.<String, Object>of("status", Map.of("conditions", List.of(Fixtures.condition("Launched", true,
                        "Launched"))));
        var nc = Fixtures.cr("karpenter.sh/v1", "NodeClaim", null, name, Map.of(), body);
        nc.getMetadata().setLabels(Map.of(KubeNames.NODEPOOL_LABEL, pool));
        Fixtures.create(cluster.admin, KubeResources.NODECLAIMS, nc);
    }

    private List<NodeClaimState> claims() {
        return ((ViewResult.Fresh) view.snapshot()).snapshot().nodeClaims();
    }

    @Test
    void aClaimDeletedBeforeItLaunchedIsAFailedLaunchOfItsPool() throws Exception {
        cluster.admin.genericKubernetesResources(KubeResources.NODECLAIMS).withName("h100-aaaaa").delete();
        cluster.admin.genericKubernetesResources(KubeResources.NODECLAIMS).withName("h100-bbbbb").delete();
        await("both deletions seen", () -> claims().size() == 3);

        assertThat(claims()).filteredOn(c -> c.nodePool().equals("h100")).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("h100-aaaaa");
            assertThat(c.phase()).isEqualTo(NodeClaimState.Phase.FAILED);
            assertThat(c.failedAt()).isEqualTo(Fixtures.T0);
            assertThat(c.failureReason()).contains("deleted before launch");
        });
    }

    @Test
    void aStaticPoolShrinkingToItsReplicasIsNoFailureButOneBelowThemIs() throws Exception {
        GenericKubernetesResource gone = cluster.admin.genericKubernetesResources(KubeResources.NODECLAIMS)
                .withName("fixed-aaaaa").get();
        cluster.admin.genericKubernetesResources(KubeResources.NODECLAIMS).resource(gone).delete();
        await("first deletion seen", () -> claims().size() == 3);
        assertThat(claims()).noneMatch(c -> c.phase() == NodeClaimState.Phase.FAILED);

        cluster.admin.genericKubernetesResources(KubeResources.NODECLAIMS).withName("fixed-bbbbb").delete();
        await("second deletion seen", () -> claims().stream().anyMatch(c -> c.name().equals("fixed-bbbbb")
                && c.phase() == NodeClaimState.Phase.FAILED));
    }

    @Test
    void shrinkingIsTheStaticPoolWithAtLeastReplicasLeft() {
        assertThat(LaunchFailureLog.shrinkingStaticPool(OptionalLong.of(1), 1)).isTrue();
        assertThat(LaunchFailureLog.shrinkingStaticPool(OptionalLong.of(2), 1)).isFalse();
        assertThat(LaunchFailureLog.shrinkingStaticPool(OptionalLong.empty(), 5)).isFalse();
    }
}
