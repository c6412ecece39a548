package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void theOperatorCanDrainOnlyWithAReachableControllerAndAnAvailableRestApi() {
        var ns = Fixtures.nodeSet("gpu", 2, Map.of());
        assertThat(OperatorHealth.check(ns, Optional.of(Fixtures.controller(true)),
                List.of(Fixtures.restApi(true))).blocker()).isEmpty();
        assertThat(OperatorHealth.check(ns, Optional.empty(), List.of(Fixtures.restApi(true))).blocker())
                .contains(DrainBlocker.CONTROLLER_MISSING);
        assertThat(OperatorHealth.check(ns, Optional.of(Fixtures.controller(false)),
                List.of(Fixtures.restApi(true))).blocker()).contains(DrainBlocker.CONTROLLER_NOT_READY);
        assertThat(OperatorHealth.check(ns, Optional.of(Fixtures.controller(true)),
                List.of(Fixtures.restApi(false))).blocker()).contains(DrainBlocker.RESTAPI_NOT_READY);
        assertThat(OperatorHealth.check(ns, Optional.of(Fixtures.controller(true)), List.of()).blocker())
                .contains(DrainBlocker.RESTAPI_NOT_READY);
        // An operator too old to report SlurmReachable is not trusted to drain.
        var silent = Fixtures.cr("slinky.slurm.net/v1beta1", "Controller", "slurm", "slurm", Map.of(),
                Map.of("spec", Map.of()));
        assertThat(OperatorHealth.check(ns, Optional.of(silent), List.of(Fixtures.restApi(true))).detail())
                .contains("no SlurmReachable condition");
    }
}
