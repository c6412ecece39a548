package io.skaler.kube;

import static io.skaler.kube.Fixtures.plan;
import static io.skaler.kube.Fixtures.target;
import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.ExecutionReport.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A NodeSet deleted or renamed under skaler: nothing is written to the missing object, the report says so clearly,
 * and skaler acts again once an object of that name exists. */
class NodeSetGoneTest extends ExecutorTestBase {
    @Test
    void aNodeSetRenamedUnderSkalerGetsNoWritesAClearErrorAndIsManagedAgainWhenItReturns() throws Exception {
        // "Renamed": gpu is deleted and the same nodes come back as gpu-a100; the policy still names gpu.
        cluster.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1")).inNamespace(NS).withName("gpu")
                .delete();
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("gpu-a100", 3, Map.of()));
        await("view without gpu", () -> view.snapshot() instanceof ViewResult.Fresh f
                && f.snapshot().nodeSets().stream().noneMatch(n -> n.ref().name().equals("gpu")));

        // What the planner emits for a NodeSet it cannot find (hold at 0) and, as if from an older view, a scale-in.
        var ex = executor(false);
        for (var t : List.of(target("gpu", 0, 0, List.of()), target("gpu", 3, 1, List.of("slurm-worker-gpu-2")))) {
            var report = ex.apply(plan(List.of(t), List.of()), APPLY);
            assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
                assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(s.detail()).contains("not found in Kubernetes (deleted or renamed?)")
                        .contains("nothing written");
            });
        }
        assertThat(cluster.skalerWrites()).isEmpty();
        assertThat(markedPods()).isEmpty();

        // It comes back under its name: the next plan is applied.
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("gpu", 2, Map.of()));
        var report = ex.apply(plan(List.of(target("gpu", 2, 3, List.of())), List.of()), APPLY);
        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
    }
}
