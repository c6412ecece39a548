package io.skaler.kube;

import static io.skaler.kube.FieldOwnershipTest.entry;
import static io.skaler.kube.FieldOwnershipTest.lastScaleUp;
import static io.skaler.kube.FieldOwnershipTest.limits;
import static io.skaler.kube.FieldOwnershipTest.replicas;
import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.skaler.kube.ExecutionReport.Outcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Helm, Argo CD, Flux or kubectl writing a field skaler sets is said (issue 18, point 3): a WARNING step, a Warning
 * Event on the object, {@code skaler_foreign_writes_total} once per write, and {@link PlanExecutor#foreignWrites()}
 * for {@code /api/v1/status}. The mock API server keeps no managedFields of its own, so the objects here carry the
 * entries a real API server would have written (FieldOwnershipTest holds the rule itself).
 */
class ForeignWriteTest extends ExecutorTestBase {
    private String skalerManager() {
        return FieldOwnership.managerOf(skaler);
    }

    private void writeAs(String kind, List<ManagedFieldsEntry> entries, java.util.function.Consumer<Map<String, Object>>
            spec) {
        var ctx = kind.equals("NodeSet") ? KubeResources.nodeSets("v1beta1") : KubeResources.NODEPOOLS;
        var ops = kind.equals("NodeSet") ? cluster.admin.genericKubernetesResources(ctx).inNamespace(NS)
                : cluster.admin.genericKubernetesResources(ctx);
        var r = ops.withName(kind.equals("NodeSet") ? "gpu" : "gpu-pool").get();
        @SuppressWarnings("unchecked")
        var s = (Map<String, Object>) r.getAdditionalProperties().get("spec");
        spec.accept(s);
        r.getMetadata().setManagedFields(new ArrayList<>(entries));
        ops.resource(r).update();
    }

    @Test
    void helmSettingReplicasBackAfterSkalerScaledIsReportedOnceWithAnEvent() throws Exception {
        var executor = executor(false);
        var up = executor.apply(Fixtures.plan(List.of(Fixtures.target("gpu", 3, 5, List.of())), List.of()), APPLY);
        assertThat(up.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.WRITTEN);
        assertThat(executor.foreignWrites()).isEmpty();

        // `helm upgrade` of Slinky's chart renders replicas: 1 and the API server records helm as its owner
        writeAs("NodeSet", List.of(entry(skalerManager(), "Update", null, "2026-11-25T12:00:00Z", lastScaleUp()),
                entry("helm", "Update", null, "2026-11-25T12:05:00Z", replicas())), s -> s.put("replicas", 1));
        await("the view sees helm's write", () -> view.nodeSet(NS, "gpu").map(n -> Fields.intAt(n, 0, "spec",
                "replicas") == 1).orElse(false));

        var plan = Fixtures.plan(List.of(Fixtures.target("gpu", 1, 1, List.of())), List.of());
        var report = executor.apply(plan, APPLY);
        executor.apply(plan, APPLY); // the same write seen again is not counted again

        assertThat(report.stepsFor("slurm/gpu")).filteredOn(s -> s.outcome() == Outcome.WARNING).singleElement()
                .satisfies(s -> assertThat(s.detail()).contains("spec.replicas was written by helm")
                        .contains("docs/install.md"));
        assertThat(executor.foreignWrites()).singleElement().satisfies(w -> {
            assertThat(w.object()).isEqualTo("slurm/gpu");
            assertThat(w.manager()).isEqualTo("helm");
        });
        assertThat(registry.get("skaler.foreign.writes").tag("kind", "nodeset").tag("field", "replicas").counter()
                .count()).isEqualTo(1.0);
        assertThat(cluster.admin.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> e.getReason().equals(ForeignWriteWatch.REASON)).singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("gpu");
                });
    }

    @Test
    void reappliedNodePoolLimitsAreReportedEvenWhenSkalersOwnEntryIsGone() throws Exception {
        var executor = executor(false);
        var grow = Fixtures.limits("gpu-pool", Map.of("nvidia.com/gpu", new BigDecimal("32"), "cpu",
                new BigDecimal("64")));
        var first = executor.apply(Fixtures.plan(List.of(), List.of(grow)), APPLY);
        assertThat(first.stepsFor("gpu-pool")).extracting(ExecutionReport.Step::outcome).contains(Outcome.WRITTEN);

        // `kubectl apply -f nodepool.yaml` puts the old limits back: kubectl now owns them, skaler owns nothing
        writeAs("NodePool", List.of(entry("kubectl-client-side-apply", "Update", null, "2026-11-25T12:00:00Z",
                limits("cpu", "nvidia.com/gpu"))), s -> s.put("limits", Map.of("nvidia.com/gpu", "16", "cpu", "64")));
        await("the view sees the re-applied limits", () -> view.nodePool("gpu-pool").map(p -> KubeMapping.nodePool(p)
                .limits().get("nvidia.com/gpu").compareTo(new BigDecimal("16")) == 0).orElse(false));

        var report = executor.apply(Fixtures.plan(List.of(), List.of(grow)), APPLY);

        assertThat(report.stepsFor("gpu-pool")).filteredOn(s -> s.outcome() == Outcome.WARNING)
                .anySatisfy(s -> assertThat(s.detail()).contains("spec.limits was written by kubectl-client-side-apply"));
        assertThat(registry.get("skaler.foreign.writes").tag("kind", "nodepool").tag("field", "limits").counter()
                .count()).isEqualTo(1.0);
        assertThat(cluster.admin.v1().events().inNamespace("default").list().getItems())
                .anyMatch(e -> e.getReason().equals(ForeignWriteWatch.REASON));
    }
}
