package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Shared cluster for the executor tests on the mock API server in CRUD mode; each test ends by checking what skaler wrote. */
abstract class ExecutorTestBase {
    static final String SETS = "/apis/slinky.slurm.net/v1beta1/namespaces/slurm/nodesets/";
    static final String POOLS = "/apis/karpenter.sh/v1/nodepools/";
    static final String PODS = "/api/v1/namespaces/slurm/pods/";
    static final ExecutionContext APPLY = new ExecutionContext(Set.of());

    MockCluster cluster;
    KubernetesClient skaler;
    KubeView view;
    SimpleMeterRegistry registry;
    final List<Duration> slept = new ArrayList<>();
    final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);

    @BeforeEach
    void cluster() throws Exception {
        cluster = new MockCluster();
        var admin = cluster.admin;
        Fixtures.create(admin, KubeResources.CONTROLLERS, Fixtures.controller());
        Fixtures.create(admin, KubeResources.RESTAPIS, Fixtures.restApi());
        Fixtures.create(admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("gpu", 3, Map.of()));
        for (int i = 0; i < 3; i++) {
            admin.pods().inNamespace(NS).resource(Fixtures.pod("slurm-worker-gpu-" + i, "gpu", "gpu-" + i, true,
                    false, "node-" + i)).create();
            admin.nodes().resource(Fixtures.node("node-" + i, "gpu-pool")).create();
        }
        Fixtures.create(admin, KubeResources.NODEPOOLS, Fixtures.nodePool("gpu-pool",
                Map.of("nvidia.com/gpu", "16", "cpu", "64"), Map.of("nvidia.com/gpu", "8", "cpu", "48500m"), null,
                "WhenEmpty", Map.of()));
        skaler = cluster.skalerClient();
        view = new KubeView(skaler, new KubeViewSettings(NS, "v1beta1", NS, "skaler-policy", Map.of()), clock);
        view.start();
        await("view fresh with 3 pods", () -> view.staleReason().isEmpty() && view.podsOf("gpu").size() == 3
                && view.nodes().size() == 3 && view.controller("slurm").isPresent() && view.restApis().size() == 1);
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void verifyAndClose() throws Exception {
        try {
            cluster.verifySkalerWrites();
        } finally {
            view.close();
            cluster.close();
        }
    }

    PlanExecutor executor(boolean dryRun) {
        return executor(dryRun, view, Leadership.ALWAYS);
    }

    /** An executor over {@code on} (another instance's view) that writes only while {@code leadership} says so. */
    PlanExecutor executor(boolean dryRun, KubeView on, Leadership leadership) {
        var settings = new ExecutorSettings(dryRun, 4, Duration.ofMillis(100), Duration.ofSeconds(1), 1000, 100,
                -1000, Duration.ofMinutes(10), "skaler-test-0");
        return new PlanExecutor(skaler, on, leadership, settings, new KubeMetrics(registry), clock, slept::add);
    }

    GenericKubernetesResource nodeSet(String name) {
        return cluster.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1")).inNamespace(NS)
                .withName(name).get();
    }

    GenericKubernetesResource pool(String name) {
        return cluster.admin.genericKubernetesResources(KubeResources.NODEPOOLS).withName(name).get();
    }

    /** A second skaler instance's view of the same cluster (a restart, or the other replica), synced. */
    KubeView otherView() throws InterruptedException {
        var other = new KubeView(cluster.skalerClient(), new KubeViewSettings(NS, "v1beta1", NS, "skaler-policy",
                Map.of()), clock);
        other.start();
        await("the other view fresh", () -> other.staleReason().isEmpty() && other.podsOf("gpu").size() == 3);
        return other;
    }

    /** Makes a pod busy the way the operator shows it (SlurmNodeStateAllocated) and waits until {@code on} sees it. */
    void makeBusy(String pod, KubeView... on) throws InterruptedException {
        var p = cluster.admin.pods().inNamespace(NS).withName(pod).get();
        p.getStatus().getConditions().stream().filter(c -> c.getType().endsWith("Idle"))
                .forEach(c -> c.setType(KubeNames.SLURM_STATE_CONDITION_PREFIX + "Allocated"));
        cluster.admin.pods().inNamespace(NS).resource(p).updateStatus();
        for (KubeView v : on) {
            await(pod + " busy in the view", () -> v.podsOf("gpu").stream().anyMatch(x -> x.getMetadata().getName()
                    .equals(pod) && KubeMapping.busyBySlurmCondition(x)));
        }
    }

    /** The pods carrying skaler's scale-in mark now, by name. */
    List<String> markedPods() {
        return cluster.admin.pods().inNamespace(NS).list().getItems().stream().filter(ScaleInMarks::marked)
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }

    List<String> objectWrites() throws InterruptedException {
        return cluster.skalerWrites().stream().filter(w -> !w.contains("/events")).toList();
    }

    List<String> eventReasons() {
        return cluster.admin.v1().events().inAnyNamespace().list().getItems().stream()
                .map(e -> e.getReason()).toList();
    }

    double gauge(String name, String... tags) {
        var g = registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }
}
