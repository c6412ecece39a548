package io.skaler.kube;

import static io.skaler.kube.Fixtures.limits;
import static io.skaler.kube.Fixtures.plan;
import static io.skaler.kube.Fixtures.staticReplicas;
import static io.skaler.kube.Fixtures.target;
import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodePoolTarget;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The executor against the mock API server in CRUD mode; every test ends by checking what skaler wrote. */
class PlanExecutorTest {
    private static final String SETS = "/apis/slinky.slurm.net/v1beta1/namespaces/slurm/nodesets/";
    private static final String POOLS = "/apis/karpenter.sh/v1/nodepools/";
    private static final String PODS = "/api/v1/namespaces/slurm/pods/";
    private static final ExecutionContext SLURM_OK = new ExecutionContext(true, Set.of());

    private MockCluster cluster;
    private KubernetesClient skaler;
    private KubeView view;
    private SimpleMeterRegistry registry;
    private final List<Duration> slept = new ArrayList<>();
    private final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);

    @BeforeEach
    void cluster() throws Exception {
        cluster = new MockCluster();
        var admin = cluster.admin;
        Fixtures.create(admin, KubeResources.CONTROLLERS, Fixtures.controller(true));
        Fixtures.create(admin, KubeResources.RESTAPIS, Fixtures.restApi(true));
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

    private PlanExecutor executor(boolean dryRun) {
        var settings = new ExecutorSettings(dryRun, 4, Duration.ofMillis(100), Duration.ofSeconds(1), 1000, 100,
                -1000, Duration.ofMinutes(10), "skaler-test-0");
        return new PlanExecutor(skaler, view, Leadership.ALWAYS, settings, new KubeMetrics(registry), clock,
                slept::add);
    }

    private GenericKubernetesResource nodeSet(String name) {
        return cluster.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1")).inNamespace(NS)
                .withName(name).get();
    }

    private GenericKubernetesResource pool(String name) {
        return cluster.admin.genericKubernetesResources(KubeResources.NODEPOOLS).withName(name).get();
    }

    private List<String> objectWrites() throws InterruptedException {
        return cluster.skalerWrites().stream().filter(w -> !w.contains("/events")).toList();
    }

    private List<String> eventReasons() {
        return cluster.admin.v1().events().inAnyNamespace().list().getItems().stream()
                .map(e -> e.getReason()).toList();
    }

    private double gauge(String name, String... tags) {
        var g = registry.find(name).tags(tags).gauge();
        return g == null ? Double.NaN : g.value();
    }

    @Test
    void scaleUpGoesThroughTheScaleSubresourceAndRecordsTheTime() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 5, List.of())), List.of()), SLURM_OK);

        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu", "PUT " + SETS + "gpu/scale");
        var stored = nodeSet("gpu");
        assertThat(Fields.intAt(stored, -1, "spec", "replicas")).isEqualTo(5);
        assertThat(stored.getMetadata().getAnnotations()).containsEntry(KubeNames.LAST_SCALE_UP,
                "2026-11-25T12:00:00Z");
        assertThat(eventReasons()).containsExactly("ScaledUp");
        assertThat(registry.find("skaler.kube.writes").tags("kind", "NodeSet", "verb", "update-scale",
                "result", "ok").counter().count()).isEqualTo(1);
    }

    @Test
    void scaleDownMarksTheChosenPodsBeforeLoweringReplicas() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 1,
                List.of("slurm-worker-gpu-2", "gpu-1"))), List.of()), SLURM_OK);

        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(objectWrites()).containsExactly(
                "PATCH " + PODS + "slurm-worker-gpu-2",
                "PATCH " + PODS + "slurm-worker-gpu-1",
                "PUT " + SETS + "gpu/scale");
        assertThat(cost("slurm-worker-gpu-2")).isEqualTo("-1000");
        assertThat(cost("slurm-worker-gpu-1")).isEqualTo("-999");
        assertThat(cost("slurm-worker-gpu-0")).isNull();
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(1);
        assertThat(eventReasons()).contains("ScaledDown");
    }

    private String cost(String pod) {
        Pod p = cluster.admin.pods().inNamespace(NS).withName(pod).get();
        return p.getMetadata().getAnnotations() == null ? null
                : p.getMetadata().getAnnotations().get(KubeNames.POD_DELETION_COST);
    }

    @Test
    void scaleInIsHeldWhenTheControllerCannotReachSlurm() throws Exception {
        var c = cluster.admin.genericKubernetesResources(KubeResources.CONTROLLERS).inNamespace(NS)
                .withName("slurm").get();
        c.getAdditionalProperties().put("status", Fixtures.controller(false).getAdditionalProperties().get("status"));
        cluster.admin.genericKubernetesResources(KubeResources.CONTROLLERS).inNamespace(NS).resource(c).updateStatus();
        await("view sees the controller down", () -> Fields.listAt(view.controller("slurm").orElseThrow(),
                "status", "conditions").stream().anyMatch(x -> "False".equals(x.get("status"))));

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 1, List.of("slurm-worker-gpu-2"))),
                List.of()), SLURM_OK);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.HELD);
            assertThat(s.detail()).contains("controller_not_ready").contains("NoSlurmClient");
        });
        assertThat(objectWrites()).isEmpty();
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
        assertThat(eventReasons()).containsExactly("ScaleInHeld");
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "controller_not_ready")).isEqualTo(1);
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "busy_nodes")).isEqualTo(0);
    }

    @Test
    void scaleInIsHeldWhenSlurmIsUnreachableOrNoRestApiIsAvailable() throws Exception {
        var ex = executor(false);
        var p = plan(List.of(target("gpu", 3, 2, List.of("slurm-worker-gpu-2"))), List.of());
        assertThat(ex.apply(p, new ExecutionContext(false, Set.of())).stepsFor("slurm/gpu"))
                .extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.HELD);

        var r = cluster.admin.genericKubernetesResources(KubeResources.RESTAPIS).inNamespace(NS)
                .withName("slurm-restapi").get();
        r.getAdditionalProperties().put("status", Fixtures.restApi(false).getAdditionalProperties().get("status"));
        cluster.admin.genericKubernetesResources(KubeResources.RESTAPIS).inNamespace(NS).resource(r).updateStatus();
        await("view sees the RestApi unavailable", () -> Fields.listAt(view.restApis().get(0), "status",
                "conditions").stream().anyMatch(x -> "False".equals(x.get("status"))));
        var held = ex.apply(p, SLURM_OK).stepsFor("slurm/gpu");
        assertThat(held).singleElement().satisfies(s -> assertThat(s.detail()).startsWith("restapi_not_ready"));

        assertThat(objectWrites()).isEmpty();
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "restapi_not_ready")).isEqualTo(1);
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "slurm_unreachable")).isEqualTo(0);
    }

    @Test
    void replicasNeverGoBelowThePodsWhoseNodesRunJobs() throws Exception {
        // gpu-0 is busy by the operator's pod condition, gpu-1 by what the caller read from Slurm.
        var p0 = cluster.admin.pods().inNamespace(NS).withName("slurm-worker-gpu-0").get();
        p0.getStatus().getConditions().stream().filter(c -> c.getType().endsWith("Idle"))
                .forEach(c -> c.setType(KubeNames.SLURM_STATE_CONDITION_PREFIX + "Allocated"));
        cluster.admin.pods().inNamespace(NS).resource(p0).updateStatus();
        await("view sees gpu-0 busy", () -> view.podsOf("gpu").stream().anyMatch(KubeMapping::busyBySlurmCondition));

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 0,
                List.of("slurm-worker-gpu-1", "slurm-worker-gpu-2", "slurm-worker-gpu-0"))), List.of()),
                new ExecutionContext(true, Set.of("gpu-1")));

        assertThat(objectWrites()).containsExactly("PATCH " + PODS + "slurm-worker-gpu-2",
                "PUT " + SETS + "gpu/scale");
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(2);
        assertThat(report.stepsFor("slurm/slurm-worker-gpu-1")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.REFUSED);
        assertThat(report.stepsFor("slurm/slurm-worker-gpu-0")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.REFUSED);
        assertThat(report.stepsFor("slurm/gpu").get(0).detail()).contains("plan wanted 0").contains("2 pod(s) busy");

        // Everything left is busy: held, nothing written.
        var again = executor(false).apply(plan(List.of(target("gpu", 2, 0, List.of())), List.of()),
                new ExecutionContext(true, Set.of("gpu-1")));
        assertThat(again.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.HELD);
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "busy_nodes")).isEqualTo(1);
    }

    @Test
    void aConflictIsRetriedWithBackoffAndThenSucceeds() throws Exception {
        cluster.server.expect().put().withPath(SETS + "gpu/scale")
                .andReturn(409, Map.of("kind", "Status", "apiVersion", "v1", "code", 409, "reason", "Conflict",
                        "message", "the object has been modified"))
                .once();

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 4, List.of())), List.of()), SLURM_OK);

        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu", "PUT " + SETS + "gpu/scale",
                "PUT " + SETS + "gpu/scale");
        assertThat(slept).containsExactly(Duration.ofMillis(100));
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(4);
        assertThat(registry.find("skaler.kube.write.retries").tags("kind", "NodeSet", "reason", "conflict")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() throws Exception {
        cluster.server.expect().put().withPath(SETS + "gpu/scale").andReturn(503, "unavailable").times(10);

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 4, List.of())), List.of()), SLURM_OK);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(s.detail()).contains("HTTP 503");
        });
        assertThat(objectWrites().stream().filter(w -> w.endsWith("/scale"))).hasSize(4);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
    }

    @Test
    void withoutAScaleSubresourceReplicasAreSetByMergePatch() throws Exception {
        cluster.server.expect().get().withPath(SETS + "gpu/scale").andReturn(404, "no scale").always();

        executor(false).apply(plan(List.of(target("gpu", 3, 6, List.of())), List.of()), SLURM_OK);

        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu", "PATCH " + SETS + "gpu");
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(6);
    }

    @Test
    void dryRunComputesEverythingAndWritesNothing() throws Exception {
        var report = executor(true).apply(plan(
                List.of(target("gpu", 3, 1, List.of("slurm-worker-gpu-2", "slurm-worker-gpu-1"))),
                List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("32"))))), SLURM_OK);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.count(Outcome.WOULD_WRITE)).isEqualTo(4); // pool, two pods, the NodeSet
        assertThat(report.stepsFor("gpu-pool").get(0).detail()).contains("nvidia.com/gpu=32");
        assertThat(cluster.skalerWrites()).isEmpty();
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
    }

    @Test
    void pausedObjectsAreLeftAloneAndReported() throws Exception {
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"),
                Fixtures.nodeSet("cpu", 2, Map.of(KubeNames.PAUSED, "true")));
        var pool = pool("gpu-pool");
        pool.getMetadata().setAnnotations(Map.of(KubeNames.PAUSED, "true"));
        cluster.admin.genericKubernetesResources(KubeResources.NODEPOOLS).resource(pool).update();

        var report = executor(false).apply(plan(List.of(target("cpu", 2, 5, List.of())),
                List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("64"))))), SLURM_OK);

        assertThat(report.stepsFor("slurm/cpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.PAUSED);
        assertThat(report.stepsFor("gpu-pool")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.PAUSED);
        assertThat(objectWrites()).isEmpty();
        assertThat(gauge("skaler.paused", "kind", "NodeSet", "name", "cpu")).isEqualTo(1);
        assertThat(gauge("skaler.paused", "kind", "NodePool", "name", "gpu-pool")).isEqualTo(1);
        assertThat(eventReasons()).containsOnly("SkalerPaused");
    }

    @Test
    void aPlanThatChangesNothingWritesNothing() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 3, List.of())),
                List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("16"), "cpu",
                        new BigDecimal("64"))), new NodePoolTarget("other", NodePoolTarget.Mode.NONE, Map.of(),
                        OptionalLong.empty(), List.of()))), SLURM_OK);

        assertThat(report.steps()).extracting(ExecutionReport.Step::outcome).containsOnly(Outcome.UNCHANGED);
        assertThat(cluster.skalerWrites()).isEmpty();
    }

    @Test
    void aTargetWhoseReplicasMovedSinceThePlanIsRefused() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 2, 1, List.of("slurm-worker-gpu-2"))),
                List.of()), SLURM_OK);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(s.detail()).contains("spec.replicas is 3 but the plan saw 2");
        });
        assertThat(cluster.skalerWrites()).isEmpty();
    }

    @Test
    void nodePoolLimitsAreRaisedAndNeverLoweredBelowUsage() throws Exception {
        var ex = executor(false);
        var raise = ex.apply(plan(List.of(), List.of(limits("gpu-pool",
                Map.of("nvidia.com/gpu", new BigDecimal("32"), "memory", new BigDecimal("549755813888"))))),
                SLURM_OK);
        assertThat(raise.stepsFor("gpu-pool")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(limitsOf("gpu-pool")).containsEntry("nvidia.com/gpu", "32")
                .containsEntry("memory", "549755813888").containsEntry("cpu", "64");

        // Asked to go below what the pool uses (8 GPUs, 48.5 cores): the limit stops at the usage.
        ex.apply(plan(List.of(), List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("2"),
                "cpu", new BigDecimal("10"))))), SLURM_OK);
        assertThat(limitsOf("gpu-pool")).containsEntry("nvidia.com/gpu", "8").containsEntry("cpu", "48.5");
        assertThat(objectWrites()).containsExactly("PATCH " + POOLS + "gpu-pool", "PATCH " + POOLS + "gpu-pool");
        assertThat(eventReasons()).containsExactlyInAnyOrder("LimitsRaised", "LimitsLowered");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> limitsOf(String pool) {
        return (Map<String, Object>) Fields.at(pool(pool), "spec", "limits");
    }

    @Test
    void staticNodePoolReplicasAreSet() throws Exception {
        Fixtures.create(cluster.admin, KubeResources.NODEPOOLS, Fixtures.nodePool("static-pool",
                Map.of("nodes", "10"), Map.of(), 2L, "WhenEmpty", Map.of()));
        await("view sees static-pool", () -> view.nodePool("static-pool").isPresent());

        var report = executor(false).apply(plan(List.of(), List.of(staticReplicas("static-pool", 4))), SLURM_OK);

        assertThat(report.stepsFor("static-pool")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(Fields.longAt(pool("static-pool"), "spec", "replicas")).contains(4L);
        assertThat(eventReasons()).containsExactly("StaticReplicasSet");
    }

    @Test
    void staticReplicasOnADynamicPoolAreRefusedWithAnEventAndNothingWritten() throws Exception {
        var report = executor(false).apply(plan(List.of(), List.of(staticReplicas("gpu-pool", 4))), SLURM_OK);

        assertThat(report.stepsFor("gpu-pool")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(s.detail()).contains("no spec.replicas").contains("nothing written");
        });
        assertThat(objectWrites()).isEmpty();
        assertThat(eventReasons()).containsExactly("StaticReplicasRefused");
        assertThat(Fields.at(pool("gpu-pool"), "spec", "replicas")).isNull();
    }

    @Test
    void staticReplicasRejectedByTheApiServerAreReportedAndNothingElseChanges() throws Exception {
        Fixtures.create(cluster.admin, KubeResources.NODEPOOLS, Fixtures.nodePool("static-pool",
                Map.of(), Map.of(), 2L, "WhenEmpty", Map.of()));
        await("view sees static-pool", () -> view.nodePool("static-pool").isPresent());
        cluster.server.expect().patch().withPath(POOLS + "static-pool")
                .andReturn(422, Map.of("kind", "Status", "apiVersion", "v1", "code", 422, "reason", "Invalid",
                        "message", "spec.replicas: field not declared in schema"))
                .always();

        var report = executor(false).apply(plan(List.of(), List.of(staticReplicas("static-pool", 5))), SLURM_OK);

        assertThat(report.stepsFor("static-pool")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(s.detail()).contains("422");
        });
        assertThat(objectWrites()).containsExactly("PATCH " + POOLS + "static-pool");
        assertThat(Fields.longAt(pool("static-pool"), "spec", "replicas")).contains(2L);
        assertThat(eventReasons()).containsExactly("StaticReplicasRefused");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPoolThatMayConsolidateBusySlurmdPodsIsWarnedAbout() throws Exception {
        var p = pool("gpu-pool");
        ((Map<String, Object>) p.getAdditionalProperties().get("spec")).put("disruption",
                Map.of("consolidationPolicy", "WhenEmptyOrUnderutilized"));
        cluster.admin.genericKubernetesResources(KubeResources.NODEPOOLS).resource(p).update();
        await("view sees the new policy", () -> Fields.stringAt(view.nodePool("gpu-pool").orElseThrow(), "",
                "spec", "disruption", "consolidationPolicy").equals("WhenEmptyOrUnderutilized"));

        // The plan names no pool: the pool is found through the nodes that host the NodeSet's pods.
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 3, List.of())), List.of()), SLURM_OK);

        assertThat(report.stepsFor("gpu-pool")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.WARNING);
            assertThat(s.detail()).contains("WhenEmptyOrUnderutilized");
        });
        assertThat(gauge("skaler.nodepool.consolidation.risk", "nodepool", "gpu-pool")).isEqualTo(1);
        assertThat(eventReasons()).containsExactly("ConsolidationRisk");
        assertThat(objectWrites()).isEmpty();
    }
}
