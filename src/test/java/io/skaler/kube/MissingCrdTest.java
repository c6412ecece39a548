package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutionReport.Outcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A cluster without one of the CRDs skaler watches. Without Karpenter's, NodeSets keep scaling (a NodeSet bound to
 * no NodePool needs none) and the missing kind is named in the report, the log and a metric; without the NodeSet CRD
 * nothing can be done and the view says why. Either way nothing crashes, and the view recovers once the CRD appears.
 */
class MissingCrdTest {
    private static final String NODEPOOLS_CRD = KubeResources.CRD_FILES.get(3);
    private static final String NODECLAIMS_CRD = KubeResources.CRD_FILES.get(4);
    private static final String NODESETS_CRD = KubeResources.CRD_FILES.get(0);
    private final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private KubeView view(MockCluster cluster) {
        var v = new KubeView(cluster.skalerClient(), new KubeViewSettings(NS, "v1beta1", NS, "skaler-policy",
                Map.of()), clock);
        v.start();
        return v;
    }

    private PlanExecutor executor(MockCluster cluster, KubeView view) {
        return new PlanExecutor(cluster.skalerClient(), view, Leadership.ALWAYS, ExecutorSettings.defaults("test"),
                new KubeMetrics(registry), clock, d -> { });
    }

    private static void installCrd(MockCluster cluster, String file) throws Exception {
        try (var in = MissingCrdTest.class.getResourceAsStream(file)) {
            cluster.admin.apiextensions().v1().customResourceDefinitions().resource(cluster.admin
                    .getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        }
    }

    private double missingGauge(String resource) {
        var g = registry.find("skaler.kube.resource.missing").tags("resource", resource).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void withoutKarpentersCrdsNodeSetsKeepScalingAndTheMissingKindIsNamed() throws Exception {
        try (var cluster = new MockCluster(Set.of(NODEPOOLS_CRD, NODECLAIMS_CRD))) {
            Fixtures.create(cluster.admin, KubeResources.CONTROLLERS, Fixtures.controller());
            Fixtures.create(cluster.admin, KubeResources.RESTAPIS, Fixtures.restApi());
            Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("gpu", 1, Map.of()));
            try (var view = view(cluster)) {
                await("fresh without NodePools", () -> view.snapshot() instanceof ViewResult.Fresh f
                        && f.snapshot().nodeSets().size() == 1);
                assertThat(view.missingResources()).containsExactly("nodeclaims.karpenter.sh/v1",
                        "nodepools.karpenter.sh/v1");
                assertThat(((ViewResult.Fresh) view.snapshot()).snapshot().nodePools()).isEmpty();

                // A NodeSet scales; a NodePool target (a policy naming a pool) fails clearly and writes nothing.
                var report = executor(cluster, view).apply(Fixtures.plan(List.of(Fixtures.target("gpu", 1, 2,
                        List.of())), List.of(Fixtures.limits("gpu-pool", Map.of("nvidia.com/gpu",
                        BigDecimal.valueOf(16))))), new ExecutionContext(Set.of()));

                assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                        .containsExactly(Outcome.WRITTEN);
                assertThat(report.stepsFor("nodepools.karpenter.sh/v1")).singleElement().satisfies(s -> {
                    assertThat(s.outcome()).isEqualTo(Outcome.WARNING);
                    assertThat(s.detail()).contains("not installed");
                });
                assertThat(report.stepsFor("gpu-pool")).singleElement().satisfies(s -> {
                    assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
                    assertThat(s.detail()).contains("its CRD is not installed").contains("nothing written");
                });
                assertThat(cluster.skalerWrites()).noneMatch(w -> w.contains("/nodepools"));
                assertThat(missingGauge("nodepools")).isEqualTo(1);
                assertThat(missingGauge("nodesets")).isEqualTo(0);
                cluster.verifySkalerWrites();

                // Karpenter gets installed: the informer lists it and the view sees the pool.
                installCrd(cluster, NODEPOOLS_CRD);
                Fixtures.create(cluster.admin, KubeResources.NODEPOOLS, Fixtures.nodePool("gpu-pool",
                        Map.of("nvidia.com/gpu", "8"), Map.of("nvidia.com/gpu", "8"), null, "WhenEmpty", Map.of()));
                // the informer that found the CRD marks it present on its own thread: wait for both, not one then
                // the other (CI at load 15 once read the pool before the mark moved)
                await("NodePools seen once the CRD exists", () -> view.snapshot() instanceof ViewResult.Fresh f
                        && f.snapshot().nodePools().size() == 1
                        && view.missingResources().equals(List.of("nodeclaims.karpenter.sh/v1")));
                assertThat(view.missingResources()).containsExactly("nodeclaims.karpenter.sh/v1");
                executor(cluster, view).apply(Fixtures.plan(List.of(), List.of()), new ExecutionContext(Set.of()));
                assertThat(missingGauge("nodepools")).isEqualTo(0);
            }
        }
    }

    @Test
    void withoutTheNodeSetCrdTheViewStaysStaleNamingItAndNothingIsWritten() throws Exception {
        try (var cluster = new MockCluster(Set.of(NODESETS_CRD))) {
            try (var view = view(cluster)) {
                await("the missing NodeSet CRD is noticed", () -> view.staleReason().map(r -> r.contains(
                        "nodesets.slinky.slurm.net/v1beta1 not installed")).orElse(false));
                assertThat(view.snapshot()).isInstanceOf(ViewResult.Stale.class);

                var report = executor(cluster, view).apply(Fixtures.plan(List.of(Fixtures.target("gpu", 1, 2,
                        List.of())), List.of()), new ExecutionContext(Set.of()));
                assertThat(report.steps()).extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.STALE);
                assertThat(cluster.skalerWrites()).isEmpty();
                assertThat(missingGauge("nodesets")).isEqualTo(1);

                installCrd(cluster, NODESETS_CRD);
                await("fresh once the CRD exists", () -> view.snapshot() instanceof ViewResult.Fresh);
                assertThat(view.missingResources()).isEmpty();
            }
        }
    }
}
