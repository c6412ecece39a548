package io.skaler.kube;

import static io.skaler.kube.Fixtures.plan;
import static io.skaler.kube.Fixtures.target;
import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skaler.kube.ExecutionReport.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The executor on NodeSets: /scale, deletion-cost before scale-in, holds, busy floor, retries. */
class NodeSetExecutorTest extends ExecutorTestBase {
    @Test
    void scaleUpGoesThroughTheScaleSubresourceAndRecordsTheTime() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 5, List.of())), List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu", "PUT " + SETS + "gpu/scale");
        var stored = nodeSet("gpu");
        assertThat(Fields.intAt(stored, -1, "spec", "replicas")).isEqualTo(5);
        assertThat(stored.getMetadata().getAnnotations()).containsEntry(KubeNames.LAST_SCALE_UP,
                "2026-11-25T12:00:00Z");
        assertThat(eventReasons()).containsExactly("ScaledUp");
        assertThat(registry.find("skaler.kube.writes").tags("kind", "nodeset_scale", "verb", "update",
                "result", "ok").counter().count()).isEqualTo(1);
    }

    @Test
    void scaleDownMarksTheChosenPodsBeforeLoweringReplicas() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 1,
                List.of("slurm-worker-gpu-2", "gpu-1"))), List.of()), APPLY);

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
    void scaleInIsHeldWhileNoRestApiIsBoundToTheController() throws Exception {
        cluster.admin.genericKubernetesResources(KubeResources.RESTAPIS).inNamespace(NS).withName("slurm-restapi")
                .delete();
        await("view sees the RestApi gone", () -> view.restApis().isEmpty());

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 1, List.of("slurm-worker-gpu-2"))),
                List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.HELD);
            assertThat(s.detail()).startsWith("restapi_missing").contains("without draining");
        });
        assertThat(objectWrites()).isEmpty();
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
        assertThat(eventReasons()).containsExactly("ScaleInHeld");
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "restapi_missing")).isEqualTo(1);
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "busy_nodes")).isNaN(); // one reason at a time
    }

    @Test
    void scaleInIsHeldWhileTheOperatorShowsNoSlurmState() throws Exception {
        var ex = executor(false);
        var p = plan(List.of(target("gpu", 3, 2, List.of("slurm-worker-gpu-2"))), List.of());

        // three ready pods, and the operator's status counts no Slurm node in any state: it has no working client
        var ns = nodeSet("gpu");
        ns.getAdditionalProperties().put("status", Map.of("replicas", 3, "readyReplicas", 3, "nodeSetHash", "h1",
                "selector", "app.kubernetes.io/instance=gpu"));
        cluster.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1")).inNamespace(NS).resource(ns)
                .updateStatus();
        await("view sees the status", () -> Fields.intAt(view.nodeSet(NS, "gpu").orElseThrow(), 0, "status",
                "readyReplicas") == 3);
        var held = ex.apply(p, APPLY).stepsFor("slurm/gpu");
        assertThat(held).singleElement().satisfies(s -> assertThat(s.detail()).startsWith("no_slurm_client"));

        assertThat(objectWrites()).isEmpty();
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "no_slurm_client")).isEqualTo(1);
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
                new ExecutionContext(Set.of("gpu-1")));

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
                new ExecutionContext(Set.of("gpu-1")));
        assertThat(again.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.HELD);
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "busy_nodes")).isEqualTo(1);
    }

    @Test
    void aPodNotReadyGoesBeforeTheIdlePodSkalerChoseSoThatPodIsNotMarked() throws Exception {
        var p0 = cluster.admin.pods().inNamespace(NS).withName("slurm-worker-gpu-0").get();
        p0.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).forEach(c -> c.setStatus("False"));
        cluster.admin.pods().inNamespace(NS).resource(p0).updateStatus();
        await("view sees gpu-0 not ready", () -> view.podsOf("gpu").stream().filter(KubeMapping::ready).count() == 2);

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 2, List.of("slurm-worker-gpu-2"))),
                List.of()), APPLY);

        // slurm-operator's sort.go takes the not-ready pod first whatever the costs: marking gpu-2 would leave a
        // stale mark behind, so only replicas drop, and the report says which pod goes
        assertThat(objectWrites()).containsExactly("PUT " + SETS + "gpu/scale");
        assertThat(markedPods()).isEmpty();
        assertThat(report.stepsFor("slurm/slurm-worker-gpu-0")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.WARNING);
            assertThat(s.detail()).contains("not ready");
        });
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(2);
    }

    @Test
    void replicasDoNotDropWhereTheOperatorsOrderWouldTakeABusyPod() throws Exception {
        // someone else gave busy gpu-1 a lower deletion cost than skaler's marks: the operator would take it first
        var p1 = cluster.admin.pods().inNamespace(NS).withName("slurm-worker-gpu-1").get();
        p1.getMetadata().setAnnotations(Map.of(KubeNames.POD_DELETION_COST, "-5000"));
        cluster.admin.pods().inNamespace(NS).resource(p1).update();
        makeBusy("slurm-worker-gpu-1", view);
        await("view sees the cost", () -> view.podsOf("gpu").stream().anyMatch(p -> p.getMetadata().getAnnotations()
                != null && "-5000".equals(p.getMetadata().getAnnotations().get(KubeNames.POD_DELETION_COST))));

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 1,
                List.of("slurm-worker-gpu-2", "slurm-worker-gpu-0"))), List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.HELD);
            assertThat(s.detail()).startsWith("busy_nodes").contains("would take one of them first");
        });
        assertThat(objectWrites()).isEmpty();
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
    }

    @Test
    void aNodeSetInDaemonSetScalingModeIsRefusedWithAnEventAndAMetric() throws Exception {
        var ns = nodeSet("gpu");
        @SuppressWarnings("unchecked")
        var spec = (Map<String, Object>) ns.getAdditionalProperties().get("spec");
        spec.put("scalingMode", "DaemonSet");
        cluster.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1")).inNamespace(NS).resource(ns)
                .update();
        await("view sees DaemonSet mode", () -> KubeMapping.ignoresReplicas(view.nodeSet(NS, "gpu").orElseThrow()));

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 3, List.of()),
                target("gpu", 3, 1, List.of("slurm-worker-gpu-2"))), List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).allSatisfy(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(s.detail()).contains("scalingMode is DaemonSet").contains("ignores spec.replicas");
        });
        assertThat(objectWrites()).isEmpty();
        assertThat(markedPods()).isEmpty();
        assertThat(eventReasons()).contains("ScalingModeUnsupported");
        assertThat(gauge("skaler.nodeset.unmanaged", "nodeset", "gpu", "reason", "daemonset_scaling_mode"))
                .isEqualTo(1);
    }

    @Test
    void aConflictIsRetriedWithBackoffAndThenSucceeds() throws Exception {
        cluster.server.expect().put().withPath(SETS + "gpu/scale")
                .andReturn(409, Map.of("kind", "Status", "apiVersion", "v1", "code", 409, "reason", "Conflict",
                        "message", "the object has been modified"))
                .once();

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 4, List.of())), List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu", "PUT " + SETS + "gpu/scale",
                "PUT " + SETS + "gpu/scale");
        assertThat(slept).containsExactly(Duration.ofMillis(100));
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(4);
        assertThat(registry.find("skaler.kube.write.retries").tags("kind", "nodeset", "reason", "conflict")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() throws Exception {
        cluster.server.expect().put().withPath(SETS + "gpu/scale").andReturn(503, "unavailable").times(10);

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 4, List.of())), List.of()), APPLY);

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

        executor(false).apply(plan(List.of(target("gpu", 3, 6, List.of())), List.of()), APPLY);

        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu", "PATCH " + SETS + "gpu");
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(6);
    }

    @Test
    void aTargetWhoseReplicasMovedSinceThePlanIsRefused() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 2, 1, List.of("slurm-worker-gpu-2"))),
                List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(s.detail()).contains("spec.replicas is 3 but the plan saw 2");
        });
        assertThat(cluster.skalerWrites()).isEmpty();
    }
}
