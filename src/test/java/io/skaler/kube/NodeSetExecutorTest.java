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
        var report = executor(false).apply(plan(List.of(target("gpu", 3, 5, List.of())), List.of()), SLURM_OK);

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
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "busy_nodes")).isNaN(); // one reason at a time
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
        assertThat(gauge("skaler.scale.in.held", "nodeset", "gpu", "reason", "slurm_unreachable")).isNaN(); // one reason at a time
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
        assertThat(registry.find("skaler.kube.write.retries").tags("kind", "nodeset", "reason", "conflict")
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
    void aTargetWhoseReplicasMovedSinceThePlanIsRefused() throws Exception {
        var report = executor(false).apply(plan(List.of(target("gpu", 2, 1, List.of("slurm-worker-gpu-2"))),
                List.of()), SLURM_OK);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(s.detail()).contains("spec.replicas is 3 but the plan saw 2");
        });
        assertThat(cluster.skalerWrites()).isEmpty();
    }
}
