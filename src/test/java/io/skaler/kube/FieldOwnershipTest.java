package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The managedFields rule of {@link FieldOwnership} on objects as the API server leaves them (docs/upstream.md,
 * "Kubernetes"): an Update or forced Apply that changes a field moves it to the writer and out of every other
 * manager's set; an entry's time is its manager's last change.
 */
class FieldOwnershipTest {
    static final String SKALER = "skaler";

    static ManagedFieldsEntry entry(String manager, String operation, String subresource, String time,
            Map<String, Object> fields) {
        var f = new FieldsV1();
        fields.forEach(f::setAdditionalProperty);
        return new ManagedFieldsEntryBuilder().withManager(manager).withOperation(operation)
                .withSubresource(subresource).withApiVersion("slinky.slurm.net/v1beta1").withFieldsType("FieldsV1")
                .withTime(time).withFieldsV1(f).build();
    }

    static Map<String, Object> replicas() {
        return Map.of("f:spec", Map.of("f:replicas", Map.of()));
    }

    static Map<String, Object> lastScaleUp() {
        return Map.of("f:metadata", Map.of("f:annotations", Map.of("f:" + KubeNames.LAST_SCALE_UP, Map.of())));
    }

    static Map<String, Object> limits(String... resources) {
        Map<String, Object> l = new java.util.LinkedHashMap<>();
        l.put(".", Map.of());
        for (String r : resources) {
            l.put("f:" + r, Map.of());
        }
        return Map.of("f:spec", Map.of("f:limits", l));
    }

    static GenericKubernetesResource nodeSet(ManagedFieldsEntry... entries) {
        var r = Fixtures.nodeSet("gpu", 1, Map.of());
        r.getMetadata().setManagedFields(new ArrayList<>(List.of(entries)));
        return r;
    }

    private static Optional<ForeignWrite> find(GenericKubernetesResource r, String field) {
        return FieldOwnership.foreignWrite(r, "NodeSet", field, SKALER, Optional.empty());
    }

    @Test
    void helmResettingReplicasAfterSkalersScaleIsFound() {
        // skaler annotated and scaled at 12:00; helm upgrade (client-side: Update) set replicas back at 12:05
        var r = nodeSet(
                entry("helm", "Update", null, "2026-11-25T11:00:00Z", Map.of("f:spec", Map.of("f:scalingMode",
                        Map.of()))),
                entry(SKALER, "Update", null, "2026-11-25T12:00:00Z", lastScaleUp()),
                entry("helm", "Update", null, "2026-11-25T12:05:00Z", replicas()));
        assertThat(find(r, "replicas")).get().satisfies(w -> {
            assertThat(w.manager()).isEqualTo("helm");
            assertThat(w.operation()).isEqualTo("Update");
            assertThat(w.at()).isEqualTo(Instant.parse("2026-11-25T12:05:00Z"));
            assertThat(w.describe()).contains("NodeSet slurm/gpu: spec.replicas was written by helm");
        });
    }

    @Test
    void whileSkalerStillOwnsTheFieldNobodyChangedIt() {
        // a forced apply of the same value shares the field: skaler's entry keeps it, nothing was overwritten
        var r = nodeSet(entry(SKALER, "Update", "scale", "2026-11-25T12:00:00Z", replicas()),
                entry("argocd-controller", "Apply", null, "2026-11-25T12:05:00Z", replicas()));
        assertThat(find(r, "replicas")).isEmpty();
    }

    @Test
    void aWriteOlderThanSkalersIsHistoryNotAFight() {
        // helm set replicas at install; skaler's last write (an annotation) came later
        var r = nodeSet(entry("helm", "Update", null, "2026-11-25T11:00:00Z", replicas()),
                entry(SKALER, "Update", null, "2026-11-25T12:00:00Z", lastScaleUp()));
        assertThat(find(r, "replicas")).isEmpty();
    }

    @Test
    void anObjectSkalerNeverWroteHasNothingToOverwrite() {
        var r = nodeSet(entry("helm", "Update", null, "2026-11-25T12:05:00Z", replicas()));
        assertThat(find(r, "replicas")).isEmpty();
        assertThat(nodeSet().getMetadata().getManagedFields()).isEmpty();
        assertThat(find(nodeSet(), "replicas")).isEmpty();
    }

    @Test
    void whenSkalersOwnEntryIsGoneItsRememberedWriteCounts() {
        // a NodePool whose every skaler-set limit kubectl re-applied: skaler's entry went with its last field
        var r = nodeSet(entry("kubectl-client-side-apply", "Update", null, "2026-11-25T12:05:00Z",
                limits("cpu", "memory")));
        assertThat(FieldOwnership.foreignWrite(r, "NodePool", "limits", SKALER,
                Optional.of(Instant.parse("2026-11-25T12:04:59.800Z")))).get()
                .satisfies(w -> assertThat(w.manager()).isEqualTo("kubectl-client-side-apply"));
        assertThat(FieldOwnership.foreignWrite(r, "NodePool", "limits", SKALER,
                Optional.of(Instant.parse("2026-11-25T12:06:00Z")))).isEmpty();
    }

    @Test
    void limitsAreComparedByResource() {
        // skaler owns cpu and memory; Flux's forced apply took nvidia.com/gpu, which skaler had set too
        var r = nodeSet(entry(SKALER, "Update", null, "2026-11-25T12:00:00Z", limits("cpu", "memory")),
                entry("kustomize-controller", "Apply", null, "2026-11-25T12:00:00Z", limits("nvidia.com/gpu")));
        assertThat(FieldOwnership.foreignWrite(r, "NodePool", "limits", SKALER, Optional.empty())).get()
                .satisfies(w -> assertThat(w.manager()).isEqualTo("kustomize-controller"));
        var shared = nodeSet(entry(SKALER, "Update", null, "2026-11-25T12:00:00Z", limits("cpu", "memory")),
                entry("kustomize-controller", "Apply", null, "2026-11-25T12:10:00Z", limits("cpu")));
        assertThat(FieldOwnership.foreignWrite(shared, "NodePool", "limits", SKALER, Optional.empty())).isEmpty();
    }

    @Test
    void theManagerIsTheUserAgentUpToItsFirstSlashAsTheApiServerRecordsIt() {
        assertThat(FieldOwnership.managerOfUserAgent(SkalerUserAgent.userAgent("0.1.0"))).isEqualTo("skaler")
                .isEqualTo(KubeNames.FIELD_MANAGER);
        assertThat(FieldOwnership.managerOfUserAgent("fabric8-kubernetes-client/7.5.2"))
                .isEqualTo("fabric8-kubernetes-client");
        assertThat(FieldOwnership.managerOfUserAgent("helm")).isEqualTo("helm");
        assertThat(FieldOwnership.managerOfUserAgent("x".repeat(200) + "/1")).hasSize(128);
    }
}
