package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.skaler.model.NodePoolState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure judgements the executor relies on: consolidation risk and whether the operator can drain. */
class PureChecksTest {
    private static NodePoolState pool(String policy, boolean doNotDisrupt, OptionalLong replicas) {
        return new NodePoolState("p", Map.of(), Map.of(), replicas, policy, doNotDisrupt, false);
    }

    @Test
    void onlyADynamicPoolThatConsolidatesUnderutilizedNodesUnprotectedIsARisk() {
        assertThat(ConsolidationRisk.assess(pool("WhenEmptyOrUnderutilized", false, OptionalLong.empty())))
                .hasValueSatisfying(s -> assertThat(s).contains("WhenEmpty").contains("do-not-disrupt"));
        assertThat(ConsolidationRisk.assess(pool("Balanced", false, OptionalLong.empty()))).isPresent();
        assertThat(ConsolidationRisk.assess(pool("WhenEmpty", false, OptionalLong.empty()))).isEmpty();
        assertThat(ConsolidationRisk.assess(pool("WhenEmptyOrUnderutilized", true, OptionalLong.empty()))).isEmpty();
        assertThat(ConsolidationRisk.assess(pool("WhenEmptyOrUnderutilized", false, OptionalLong.of(3)))).isEmpty();
    }

    @Test
    void aZeroNodeBudgetCountsAsProtection() {
        var np = Fixtures.nodePool("p", Map.of(), Map.of(), null, "WhenEmptyOrUnderutilized", Map.of());
        @SuppressWarnings("unchecked")
        var spec = (Map<String, Object>) new java.util.LinkedHashMap<>(
                (Map<String, Object>) np.getAdditionalProperties().get("spec"));
        spec.put("disruption", Map.of("consolidationPolicy", "WhenEmptyOrUnderutilized",
                "budgets", List.of(Map.of("nodes", "0"))));
        np.getAdditionalProperties().put("spec", spec);
        assertThat(KubeMapping.nodePool(np).doNotDisrupt()).isTrue();
        spec.put("disruption", Map.of("consolidationPolicy", "WhenEmptyOrUnderutilized",
                "budgets", List.of(Map.of("nodes", "0", "schedule", "@daily", "duration", "1h"))));
        assertThat(KubeMapping.nodePool(np).doNotDisrupt()).isFalse();
    }

    private static GenericKubernetesResource withStatus(GenericKubernetesResource r, Map<String, Object> status) {
        r.getAdditionalProperties().put("status", status);
        return r;
    }

    @Test
    void aControllerWithABoundRestApiDrainsThoughNoReleaseWritesAConditionOnEither() {
        // exactly as slurm-operator leaves them: no SlurmReachable, no Available (the old gate held forever here)
        var ns = Fixtures.nodeSet("gpu", 2, Map.of());
        var verdict = OperatorHealth.check(ns, Optional.of(Fixtures.controller()), List.of(Fixtures.restApi()));
        assertThat(verdict.blocker()).isEmpty();
        assertThat(verdict.detail()).contains("slurm-restapi");
        // the operator's own status says it sees Slurm: fine too
        var seen = withStatus(Fixtures.nodeSet("gpu", 2, Map.of()), Map.of("readyReplicas", 2, "slurmIdle", 1,
                "slurmAllocated", 1, "nodeSetHash", "h", "selector", "s"));
        assertThat(OperatorHealth.check(seen, Optional.of(Fixtures.controller()), List.of(Fixtures.restApi()))
                .blocker()).isEmpty();
    }

    @Test
    void withoutABoundRestApiTheOperatorHasNoSlurmClientAndScaleInIsHeld() {
        var ns = Fixtures.nodeSet("gpu", 2, Map.of());
        var controller = Optional.of(Fixtures.controller());
        assertThat(OperatorHealth.check(ns, Optional.empty(), List.of(Fixtures.restApi())).blocker())
                .contains(DrainBlocker.CONTROLLER_MISSING);
        assertThat(OperatorHealth.check(ns, controller, List.of()).blocker()).contains(DrainBlocker.RESTAPI_MISSING);
        // bound to another Controller, or in another namespace: the operator's refresolver does not count it
        assertThat(OperatorHealth.check(ns, controller, List.of(Fixtures.restApi("r", MockCluster.NS, "other"),
                Fixtures.restApi("r", "elsewhere", "slurm"))).blocker()).contains(DrainBlocker.RESTAPI_MISSING);
        var going = Fixtures.restApi();
        going.getMetadata().setDeletionTimestamp("2026-11-25T11:59:00Z");
        assertThat(OperatorHealth.check(ns, controller, List.of(going)).detail())
                .contains("no RestApi in namespace slurm has spec.controllerRef.name=slurm");
    }

    @Test
    void readyPodsWithoutAnySlurmStateInTheNodeSetStatusMeanTheClientDoesNotWork() {
        var ns = withStatus(Fixtures.nodeSet("gpu", 2, Map.of()), Map.of("readyReplicas", 2, "replicas", 2,
                "nodeSetHash", "h", "selector", "s"));
        var verdict = OperatorHealth.check(ns, Optional.of(Fixtures.controller()), List.of(Fixtures.restApi()));
        assertThat(verdict.blocker()).contains(DrainBlocker.NO_SLURM_CLIENT);
        assertThat(verdict.detail()).contains("2 ready pod(s)").contains("JWT key secret");
    }

    @Test
    void aNodeSetOfSlinkyBefore04IsToldApart() {
        var old = Fixtures.cr("slinky.slurm.net/v1alpha1", "NodeSet", MockCluster.NS, "gpu", Map.of(),
                Map.of("spec", Map.of("clusterName", "slurm", "replicas", 2)));
        var verdict = OperatorHealth.check(old, Optional.empty(), List.of(Fixtures.restApi()));
        assertThat(verdict.blocker()).contains(DrainBlocker.CONTROLLER_MISSING);
        assertThat(verdict.detail()).contains("Slinky before 0.4");
    }

    @Test
    void onlyTheDaemonSetScalingModeIgnoresReplicas() {
        var ns = Fixtures.nodeSet("gpu", 2, Map.of());
        assertThat(KubeMapping.ignoresReplicas(ns)).isFalse(); // absent: the CRD's default StatefulSet
        @SuppressWarnings("unchecked")
        var spec = (Map<String, Object>) new java.util.LinkedHashMap<>(
                (Map<String, Object>) ns.getAdditionalProperties().get("spec"));
        spec.put("scalingMode", "StatefulSet");
        ns.getAdditionalProperties().put("spec", spec);
        assertThat(KubeMapping.ignoresReplicas(ns)).isFalse();
        spec.put("scalingMode", "DaemonSet");
        assertThat(KubeMapping.ignoresReplicas(ns)).isTrue();
    }
}
