package io.skaler.kube;

import static io.skaler.kube.Fixtures.plan;
import static io.skaler.kube.Fixtures.target;
import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutionReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Slinky 0.4 serves NodeSet, Controller and RestApi as {@code v1alpha1} only (config/crd/bases at v0.4.1), 1.x as
 * {@code v1beta1} only; no release serves both. On a 0.4 cluster skaler must find the Controller and RestApi in the
 * NodeSet's version, or it would see none and hold every scale-in.
 */
class SlinkyV1alpha1Test {
    private final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);

    private static GenericKubernetesResource alpha(GenericKubernetesResource r) {
        r.setApiVersion("slinky.slurm.net/v1alpha1");
        return r;
    }

    @Test
    void onASlinky04ClusterTheControllerAndRestApiAreReadAsV1alpha1AndScaleInProceeds() throws Exception {
        try (var cluster = new MockCluster(Set.of(), "v1alpha1")) {
            var admin = cluster.admin;
            Fixtures.create(admin, KubeResources.controllers("v1alpha1"), alpha(Fixtures.controller()));
            Fixtures.create(admin, KubeResources.restApis("v1alpha1"), alpha(Fixtures.restApi()));
            Fixtures.create(admin, KubeResources.nodeSets("v1alpha1"), alpha(Fixtures.nodeSet("gpu", 3, Map.of())));
            for (int i = 0; i < 3; i++) {
                var pod = Fixtures.pod("slurm-worker-gpu-" + i, "gpu", "gpu-" + i, true, false, "node-" + i);
                pod.getMetadata().getOwnerReferences().get(0).setApiVersion("slinky.slurm.net/v1alpha1");
                admin.pods().inNamespace(NS).resource(pod).create();
            }
            // a 1.x path answers 404 here, as on a real 0.4 API server
            assertThat(admin.genericKubernetesResources(KubeResources.CONTROLLERS).inNamespace(NS).withName("slurm")
                    .get()).isNull();

            try (var view = new KubeView(cluster.skalerClient(), new KubeViewSettings(NS, "v1alpha1", NS,
                    "skaler-policy", Map.of()), clock)) {
                view.start();
                await("view fresh with 3 pods", () -> view.staleReason().isEmpty() && view.podsOf("gpu").size() == 3
                        && view.controller("slurm").isPresent() && view.restApis().size() == 1);
                var settings = new ExecutorSettings(false, 4, Duration.ofMillis(100), Duration.ofSeconds(1), 1000,
                        100, -1000, Duration.ofMinutes(10), "skaler-test-0");
                var executor = new PlanExecutor(cluster.skalerClient(), view, Leadership.ALWAYS, settings,
                        new KubeMetrics(new SimpleMeterRegistry()), clock, d -> { });

                var report = executor.apply(plan(List.of(target("gpu", 3, 2, List.of("slurm-worker-gpu-2"))),
                        List.of()), new ExecutionContext(Set.of()));

                assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                        .containsExactly(Outcome.WRITTEN);
                assertThat(cluster.skalerWrites()).contains(
                        "PUT /apis/slinky.slurm.net/v1alpha1/namespaces/slurm/nodesets/gpu/scale");
                assertThat(view.missingResources()).isEmpty();
                cluster.verifySkalerWrites();
            }
        }
    }
}
