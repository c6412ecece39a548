package io.skaler.kube;

import static io.skaler.kube.Fixtures.limits;
import static io.skaler.kube.Fixtures.plan;
import static io.skaler.kube.Fixtures.staticReplicas;
import static io.skaler.kube.Fixtures.target;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodePoolTarget;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The executor on NodePools, and what applies to every object: dry-run, pause, no-op plans. */
class NodePoolExecutorTest extends ExecutorTestBase {
    @Test
    void dryRunComputesEverythingAndWritesNothing() throws Exception {
        var p = plan(List.of(target("gpu", 3, 1, List.of("slurm-worker-gpu-2", "slurm-worker-gpu-1"))),
                List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("32")))));
        // Dry-run by the executor's settings, and by the caller for one call to a writing executor.
        for (var report : List.of(executor(true).apply(p, APPLY),
                executor(false).apply(p, new ExecutionContext(true, Set.of())))) {
            assertThat(report.dryRun()).isTrue();
            assertThat(report.count(Outcome.WOULD_WRITE)).isEqualTo(4); // pool, two pods, the NodeSet
            assertThat(report.stepsFor("gpu-pool").get(0).detail()).contains("nvidia.com/gpu=32");
        }
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
                List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("64"))))), APPLY);

        assertThat(report.stepsFor("slurm/cpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.PAUSED);
        assertThat(report.stepsFor("gpu-pool")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.PAUSED);
        assertThat(objectWrites()).isEmpty();
        assertThat(gauge("skaler.paused", "kind", "nodeset", "name", "cpu")).isEqualTo(1);
        assertThat(gauge("skaler.paused", "kind", "nodepool", "name", "gpu-pool")).isEqualTo(1);
        assertThat(eventReasons()).containsOnly("SkalerPaused");
    }

    @Test
    void aPlanThatChangesNothingWritesNothing() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 3, List.of())),
                List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("16"), "cpu",
                        new BigDecimal("64"))), new NodePoolTarget("other", NodePoolTarget.Mode.NONE, Map.of(),
                        OptionalLong.empty(), List.of()))), APPLY);

        assertThat(report.steps()).extracting(ExecutionReport.Step::outcome).containsOnly(Outcome.UNCHANGED);
        assertThat(cluster.skalerWrites()).isEmpty();
    }

    @Test
    void nodePoolLimitsAreRaisedAndNeverLoweredBelowUsage() throws Exception {
        var ex = executor(false);
        var raise = ex.apply(plan(List.of(), List.of(limits("gpu-pool",
                Map.of("nvidia.com/gpu", new BigDecimal("32"), "memory", new BigDecimal("549755813888"))))),
                APPLY);
        assertThat(raise.stepsFor("gpu-pool")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(limitsOf("gpu-pool")).containsEntry("nvidia.com/gpu", "32")
                .containsEntry("memory", "549755813888").containsEntry("cpu", "64");

        // Asked to go below what the pool uses (8 GPUs, 48.5 cores): the limit stops at the usage.
        ex.apply(plan(List.of(), List.of(limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("2"),
                "cpu", new BigDecimal("10"))))), APPLY);
        assertThat(limitsOf("gpu-pool")).containsEntry("nvidia.com/gpu", "8").containsEntry("cpu", "48.5");
        assertThat(NodePoolRules.violations(Map.of(), (Map<?, ?>) Fields.at(pool("gpu-pool"), "spec"))).isEmpty();
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

        var report = executor(false).apply(plan(List.of(), List.of(staticReplicas("static-pool", 4))), APPLY);

        assertThat(report.stepsFor("static-pool")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(Fields.longAt(pool("static-pool"), "spec", "replicas")).contains(4L);
        assertThat(eventReasons()).containsExactly("StaticReplicasSet");
        // the mock server does not evaluate CEL: what skaler wrote is held to Karpenter's NodePool rules here
        assertThat(NodePoolRules.violations(Map.of("replicas", 2, "limits", Map.of("nodes", "10")),
                (Map<?, ?>) Fields.at(pool("static-pool"), "spec"))).isEmpty();
        // when replicas were set, for the StaticCapacity check (KarpenterChecks.staticNotFollowed)
        assertThat(Fields.annotations(pool("static-pool"))).containsKey(KubeNames.REPLICAS_SET_AT);
    }

    @Test
    void staticReplicasOnADynamicPoolAreRefusedWithAnEventAndNothingWritten() throws Exception {
        var report = executor(false).apply(plan(List.of(), List.of(staticReplicas("gpu-pool", 4))), APPLY);

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

        var report = executor(false).apply(plan(List.of(), List.of(staticReplicas("static-pool", 5))), APPLY);

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
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 3, List.of())), List.of()), APPLY);

        assertThat(report.stepsFor("gpu-pool")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.WARNING);
            assertThat(s.detail()).contains("WhenEmptyOrUnderutilized");
        });
        assertThat(gauge("skaler.nodepool.consolidation.risk", "nodepool", "gpu-pool")).isEqualTo(1);
        assertThat(eventReasons()).containsExactly("ConsolidationRisk");
        assertThat(objectWrites()).isEmpty();
    }
}
