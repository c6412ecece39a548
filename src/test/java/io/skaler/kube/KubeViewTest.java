package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodeSetPod;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The informer view on the mock API server: sync, mapping, the policy text, and staleness when a watch breaks. */
class KubeViewTest {
    private final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    private MockCluster cluster;
    private CuttableProxy proxy;
    private KubeView view;
    private KubernetesClient skaler;

    @BeforeEach
    void cluster() throws Exception {
        cluster = new MockCluster();
        var admin = cluster.admin;
        Fixtures.create(admin, KubeResources.CONTROLLERS, Fixtures.controller());
        Fixtures.create(admin, KubeResources.RESTAPIS, Fixtures.restApi());
        Fixtures.create(admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("gpu", 2, Map.of(
                KubeNames.LAST_SCALE_UP, "2026-11-25T11:30:00Z", KubeNames.BACKOFF_UNTIL, "2026-11-25T12:10:00Z",
                KubeNames.BACKOFF_LEVEL, "2")));
        admin.pods().inNamespace(NS).resource(Fixtures.pod("slurm-worker-gpu-0", "gpu", "gpu-0", true, false,
                "node-0")).create();
        admin.pods().inNamespace(NS).resource(Fixtures.pod("slurm-worker-gpu-1", "gpu", "gpu-1", false, false,
                null)).create();
        Fixtures.create(admin, KubeResources.NODEPOOLS, Fixtures.nodePool("gpu-pool",
                Map.of("nvidia.com/gpu", "16", "memory", "1Ti"), Map.of("nvidia.com/gpu", "8", "memory", "512Gi"),
                null, "WhenEmpty", Map.of()));
        Fixtures.create(admin, KubeResources.NODECLAIMS, Fixtures.cr("karpenter.sh/v1", "NodeClaim", null,
                "gpu-pool-abcde", Map.of(), Map.of("status", Map.of("conditions", List.of(
                        Map.of("type", "Launched", "status", "Unknown", "reason", "LaunchFailed",
                                "lastTransitionTime", "2026-11-25T11:58:00Z", "message", "launch error"))))));
        admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("skaler-policy").withNamespace(NS).endMetadata()
                .addToData(KubeNames.POLICY_KEY, "partitions: []\n").build()).create();
        proxy = new CuttableProxy(cluster.server.getPort());
        skaler = cluster.skalerClient(proxy.port());
        view = new KubeView(skaler, new KubeViewSettings(NS, "v1beta1", NS, "skaler-policy", Map.of()), clock);
    }

    @AfterEach
    void close() throws Exception {
        view.close();
        proxy.close();
        cluster.close();
    }

    @Test
    void staleUntilEveryInformerHasSyncedThenASnapshotOfTheCluster() throws Exception {
        assertThat(view.snapshot()).isInstanceOfSatisfying(ViewResult.Stale.class,
                s -> assertThat(s.reason()).contains("not started"));
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("broken", 1,
                Map.of(KubeNames.BACKOFF_LEVEL, "lots")));
        view.start();
        await("fresh", () -> view.snapshot() instanceof ViewResult.Fresh f
                && f.snapshot().nodeSets().size() == 1 && f.snapshot().nodeSets().get(0).pods().size() == 2
                && f.snapshot().nodeClaims().size() == 1 && f.snapshot().nodePools().size() == 1);

        var fresh = (ViewResult.Fresh) view.snapshot();
        // A NodeSet with an unreadable annotation is left out and named; the others are still planned for.
        assertThat(fresh.problems()).singleElement().satisfies(p -> assertThat(p).contains("NodeSet slurm/broken")
                .contains(KubeNames.BACKOFF_LEVEL).contains("lots"));
        var snap = fresh.snapshot();
        var gpu = snap.nodeSets().get(0);
        assertThat(gpu.specReplicas()).isEqualTo(2);
        assertThat(gpu.lastScaleUpAt()).contains(java.time.Instant.parse("2026-11-25T11:30:00Z"));
        assertThat(gpu.backoffUntil()).contains(java.time.Instant.parse("2026-11-25T12:10:00Z"));
        assertThat(gpu.backoffLevel()).isEqualTo(2);
        assertThat(gpu.pods()).extracting(NodeSetPod::slurmNodeName, NodeSetPod::ready)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gpu-0", true),
                        org.assertj.core.groups.Tuple.tuple("gpu-1", false));
        var pool = snap.nodePools().get(0);
        assertThat(pool.limits()).containsEntry("memory", new BigDecimal("1099511627776"));
        assertThat(pool.usage()).containsEntry("memory", new BigDecimal("549755813888"));
        assertThat(snap.nodeClaims().get(0).phase()).isEqualTo(NodeClaimState.Phase.FAILED);
        assertThat(snap.nodeClaims().get(0).failureReason()).isEqualTo("LaunchFailed");
        assertThat(snap.nodeClaims().get(0).failedAt()).isEqualTo(java.time.Instant.parse("2026-11-25T11:58:00Z"));
        assertThat(snap.observedAt()).isEqualTo(Fixtures.T0);
    }

    @Test
    void thePolicyTextAndItsResourceVersionFollowTheConfigMap() throws Exception {
        // the listener is the view's one way out for the policy: the loop reads the text only through it
        List<Optional<PolicyText>> seen = new CopyOnWriteArrayList<>();
        Supplier<Optional<PolicyText>> latest = () -> seen.isEmpty() ? Optional.empty() : seen.get(seen.size() - 1);
        view.onPolicyText(seen::add);
        view.start();
        await("policy text", () -> latest.get().isPresent());
        assertThat(latest.get().get().text()).isEqualTo("partitions: []\n");
        String firstVersion = latest.get().get().resourceVersion();

        var cm = cluster.admin.configMaps().inNamespace(NS).withName("skaler-policy").get();
        cm.getData().put(KubeNames.POLICY_KEY, "partitions: [gpu]\n");
        cluster.admin.configMaps().inNamespace(NS).resource(cm).update();
        await("listener told of the new text", () -> !seen.isEmpty()
                && seen.get(seen.size() - 1).map(p -> p.text().contains("gpu")).orElse(false));
        assertThat(latest.get().get().text()).contains("gpu");
        assertThat(latest.get().get().resourceVersion()).isNotEqualTo(firstVersion);
        assertThat(seen.get(0).orElseThrow().text()).isEqualTo("partitions: []\n");

        cluster.admin.configMaps().inNamespace(NS).withName("skaler-policy").delete();
        await("listener told the policy is gone", () -> seen.get(seen.size() - 1).isEmpty());
        assertThat(latest.get()).isEmpty();
    }

    @Test
    void aBrokenWatchMakesTheViewStaleAndNothingIsDoneUntilItResyncs() throws Exception {
        view.start();
        await("fresh", () -> view.staleReason().isEmpty() && view.podsOf("gpu").size() == 2);
        var executor = new PlanExecutor(skaler, view, Leadership.ALWAYS, ExecutorSettings.defaults("test")
                .withDryRun(false), new KubeMetrics(new SimpleMeterRegistry()), clock, d -> { });
        var plan = Fixtures.plan(List.of(Fixtures.target("gpu", 2, 4, List.of())), List.of());

        proxy.cut();
        await("stale after the cut", () -> view.snapshot() instanceof ViewResult.Stale);
        assertThat(((ViewResult.Stale) view.snapshot()).reason()).contains("watch broken");

        // While stale the executor refuses to act, even though it could reach the API server by another way.
        var held = executor.apply(plan, new ExecutionContext(Set.of()));
        assertThat(held.steps()).extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.STALE);

        // Meanwhile the cluster changes; after the resync the view shows the change and the executor acts.
        cluster.admin.pods().inNamespace(NS).resource(Fixtures.pod("slurm-worker-gpu-2", "gpu", "gpu-2", false,
                false, null)).create();
        proxy.restore();
        await("fresh again with the new pod", () -> view.snapshot() instanceof ViewResult.Fresh f
                && f.snapshot().nodeSets().get(0).pods().size() == 3);
        var applied = executor.apply(plan, new ExecutionContext(Set.of()));
        assertThat(applied.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(cluster.skalerWrites()).filteredOn(w -> !w.contains("/events"))
                .containsExactly("PATCH /apis/slinky.slurm.net/v1beta1/namespaces/slurm/nodesets/gpu",
                        "PUT /apis/slinky.slurm.net/v1beta1/namespaces/slurm/nodesets/gpu/scale");
        cluster.verifySkalerWrites();
        // After the first LIST, changes arrive by watch: at most one re-LIST of pods for the resync, no polling.
        assertThat(cluster.skalerRequests().stream().filter(r -> r.method().equals("GET")
                && !r.path().contains("watch=true") && r.path().contains("/pods?"))).hasSizeBetween(1, 2);
    }

    @Test
    void olderSlinkyNodeSetsAreReadThroughV1alpha1() throws Exception {
        try (var slinky04 = new MockCluster(Set.of(), "v1alpha1")) {
            Fixtures.create(slinky04.admin, KubeResources.nodeSets("v1alpha1"), Fixtures.cr(
                    "slinky.slurm.net/v1alpha1", "NodeSet", NS, "legacy", Map.of(), Map.of("spec", Map.of(
                            "controllerRef", Map.of("name", "slurm"), "replicas", 4),
                            "status", Map.of("replicas", 3, "readyReplicas", 2))));
            try (var legacy = new KubeView(slinky04.skalerClient(), new KubeViewSettings(NS, "v1alpha1", NS,
                    "skaler-policy", Map.of()), clock)) {
                legacy.start();
                await("legacy NodeSet seen", () -> legacy.snapshot() instanceof ViewResult.Fresh f
                        && f.snapshot().nodeSets().stream().anyMatch(n -> n.ref().name().equals("legacy")));
                var snap = ((ViewResult.Fresh) legacy.snapshot()).snapshot();
                var n = snap.nodeSets().stream().filter(x -> x.ref().name().equals("legacy")).findFirst()
                        .orElseThrow();
                assertThat(n.specReplicas()).isEqualTo(4);
                assertThat(n.statusReplicas()).isEqualTo(3);
                assertThat(n.readyReplicas()).isEqualTo(2);
                assertThat(legacy.missingResources()).as("Controller and RestApi read as v1alpha1 too").isEmpty();
            }
        }
    }
}
