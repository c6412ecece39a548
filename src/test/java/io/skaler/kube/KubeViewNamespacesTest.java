package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every namespace the settings name is watched (issue 18, point 2): NodeSets of each reach the snapshot, a namespace
 * RBAC does not grant (403) is named in the coverage instead of making the whole view stale, and nothing is read or
 * written there, so a namespace skaler may not read is never taken for NodeSets that are gone.
 */
class KubeViewNamespacesTest {
    private static final String B = "slurm-b";
    private static final String DENIED = "slurm-denied";
    private final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    private MockCluster cluster;
    private KubernetesClient skaler;

    @BeforeEach
    void cluster() throws Exception {
        cluster = new MockCluster();
        var nodeSets = KubeResources.nodeSets("v1beta1");
        Fixtures.create(cluster.admin, nodeSets, Fixtures.nodeSet("gpu", 2, Map.of()));
        Fixtures.create(cluster.admin, nodeSets, in(B, Fixtures.nodeSet("cpu", 1, Map.of())));
        Fixtures.create(cluster.admin, nodeSets, in(DENIED, Fixtures.nodeSet("trn", 3, Map.of())));
        var pod = Fixtures.pod("slurm-worker-cpu-0", "cpu", "cpu-0", true, false, null);
        pod.getMetadata().setNamespace(B);
        cluster.admin.pods().inNamespace(B).resource(pod).create();
        cluster.forbid(DENIED);
        skaler = cluster.skalerClient();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private static GenericKubernetesResource in(String namespace, GenericKubernetesResource r) {
        r.getMetadata().setNamespace(namespace);
        return r;
    }

    private KubeView view(List<String> namespaces) {
        return new KubeView(skaler, new KubeViewSettings(namespaces, "v1beta1", NS, "skaler-policy", Map.of()),
                clock);
    }

    private static List<String> nodeSets(KubeView view) {
        return ((ViewResult.Fresh) view.snapshot()).snapshot().nodeSets().stream().map(NodeSetState::ref)
                .map(ObjectRef::toString).sorted().toList();
    }

    @Test
    void eachListedNamespaceIsWatchedAndOneRbacRefusesIsNamedNotStale() throws Exception {
        try (var view = view(List.of(NS, B, DENIED))) {
            view.start();
            await("fresh with both readable namespaces", () -> view.snapshot() instanceof ViewResult.Fresh
                    && nodeSets(view).size() == 2 && !view.coverage().refused().isEmpty());
            assertThat(nodeSets(view)).containsExactly("slurm-b/cpu", "slurm/gpu");
            var snap = ((ViewResult.Fresh) view.snapshot()).snapshot();
            assertThat(snap.nodeSets()).filteredOn(n -> n.ref().name().equals("cpu")).singleElement()
                    .satisfies(n -> assertThat(n.pods()).hasSize(1));
            assertThat(snap.coverage().gap(NS)).isEmpty();
            assertThat(snap.coverage().gap(B)).isEmpty();
            assertThat(snap.coverage().gap(DENIED)).get().asString().contains("refuses").contains("403");
            assertThat(snap.coverage().gap("elsewhere")).get().asString().contains("not watched")
                    .contains("rbac.slurmNamespaces");

            // once RBAC grants it, the informers that kept listing sync and the namespace is seen
            cluster.grant(DENIED);
            await("the granted namespace seen", () -> view.coverage().refused().isEmpty()
                    && view.snapshot() instanceof ViewResult.Fresh && nodeSets(view).size() == 3);
            assertThat(nodeSets(view)).containsExactly("slurm-b/cpu", "slurm-denied/trn", "slurm/gpu");
        }
    }

    @Test
    void theExecutorActsInEveryWatchedNamespaceAndNeverReachesIntoARefusedOne() throws Exception {
        try (var view = view(List.of(NS, B, DENIED))) {
            view.start();
            await("fresh", () -> view.snapshot() instanceof ViewResult.Fresh && nodeSets(view).size() == 2
                    && !view.coverage().refused().isEmpty());
            var executor = new PlanExecutor(skaler, view, Leadership.ALWAYS, ExecutorSettings.defaults("test")
                    .withDryRun(false), new KubeMetrics(new SimpleMeterRegistry()), clock, d -> { });
            var plan = Fixtures.plan(List.of(up(B, "cpu", 1, 3), up(DENIED, "trn", 3, 5)), List.of());

            var report = executor.apply(plan, new ExecutionContext(Set.of()));

            assertThat(report.stepsFor("slurm-b/cpu")).extracting(ExecutionReport.Step::outcome)
                    .containsExactly(Outcome.WRITTEN);
            assertThat(report.stepsFor("slurm-denied/trn")).singleElement().satisfies(s -> {
                assertThat(s.outcome()).isEqualTo(Outcome.HELD);
                assertThat(s.detail()).contains("refuses").contains("not acted on");
            });
            assertThat(cluster.skalerRequests()).noneMatch(r -> !r.method().equals("GET")
                    && r.path().contains("/namespaces/" + DENIED + "/"));
            assertThat(cluster.skalerRequests()).noneMatch(r -> r.path().contains("/nodesets/trn"));
            assertThat(cluster.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1")).inNamespace(B)
                    .withName("cpu").get().getAdditionalProperties().get("spec")).asString().contains("replicas=3");
        }
    }

    @Test
    void starWatchesEveryNamespaceWithOneInformerPerKind() throws Exception {
        cluster.grant(DENIED);
        try (var view = view(List.of("*"))) {
            view.start();
            await("fresh with all three", () -> view.snapshot() instanceof ViewResult.Fresh
                    && nodeSets(view).size() == 3);
            assertThat(view.coverage().everywhere()).isTrue();
            assertThat(view.coverage().gap("anything")).isEmpty();
        }
        assertThat(cluster.skalerRequests()).filteredOn(r -> r.path().contains("nodesets"))
                .allMatch(r -> r.path().startsWith("/apis/slinky.slurm.net/v1beta1/nodesets"));
    }

    @Test
    void aNodeSetNameUsedInTwoNamespacesIsNotActedOn() throws Exception {
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), in(B, Fixtures.nodeSet("gpu", 1, Map.of())));
        try (var view = view(List.of(NS, B))) {
            view.start();
            await("fresh", () -> view.snapshot() instanceof ViewResult.Fresh && nodeSets(view).size() == 3);
            var executor = new PlanExecutor(skaler, view, Leadership.ALWAYS, ExecutorSettings.defaults("test")
                    .withDryRun(false), new KubeMetrics(new SimpleMeterRegistry()), clock, d -> { });
            var report = executor.apply(Fixtures.plan(List.of(up(B, "gpu", 1, 2)), List.of()),
                    new ExecutionContext(Set.of()));
            assertThat(report.stepsFor("slurm-b/gpu")).singleElement().satisfies(s -> {
                assertThat(s.outcome()).isEqualTo(Outcome.HELD);
                assertThat(s.detail()).contains("[slurm, slurm-b]");
            });
            assertThat(cluster.skalerWrites()).isEmpty();
        }
    }

    private static NodeSetTarget up(String namespace, String name, int from, int to) {
        return new NodeSetTarget(new ObjectRef(namespace, name), "gpu", from, to, NodeSetTarget.Action.SCALE_UP,
                List.of(), List.of("test: up"));
    }
}
