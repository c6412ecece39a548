package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Karpenter does with a NodePool that skaler must warn about (docs/upstream.md, "Karpenter"). */
class KarpenterChecksTest {
    static final Instant NOW = Fixtures.T0;

    static GenericKubernetesResource pool(Map<String, Object> spec) {
        var p = Fixtures.cr("karpenter.sh/v1", "NodePool", null, "h100", Map.of(), Map.of("spec",
                new LinkedHashMap<>(spec)));
        p.getMetadata().setCreationTimestamp(NOW.minus(Duration.ofHours(1)).toString());
        return p;
    }

    static GenericKubernetesResource claim(Instant created) {
        var c = Fixtures.cr("karpenter.sh/v1", "NodeClaim", null, "h100-" + created.getEpochSecond(), Map.of(),
                Map.of());
        c.getMetadata().setCreationTimestamp(created.toString());
        return c;
    }

    @Test
    void doNotDisruptOnTheNodesOrABudgetOfZeroKeepsEmptyNodesForever() {
        var template = pool(Map.of("template", Map.of("metadata", Map.of("annotations",
                Map.of(KubeNames.DO_NOT_DISRUPT, "true")))));
        assertThat(KarpenterChecks.nodesNeverRemoved(template, List.of())).hasValueSatisfying(s -> assertThat(s)
                .contains("never removes").contains("pod template"));
        var budget = pool(Map.of("disruption", Map.of("budgets", List.of(Map.of("nodes", "0")))));
        assertThat(KarpenterChecks.nodesNeverRemoved(budget, List.of())).isPresent();
        var emptyAllowed = pool(Map.of("disruption", Map.of("budgets", List.of(Map.of("nodes", "0",
                "reasons", List.of("Underutilized", "Drifted"))))));
        assertThat(KarpenterChecks.nodesNeverRemoved(emptyAllowed, List.of())).as("Empty not blocked").isEmpty();
        var scheduled = pool(Map.of("disruption", Map.of("budgets", List.of(Map.of("nodes", "0",
                "schedule", "0 9 * * mon-fri", "duration", "8h")))));
        assertThat(KarpenterChecks.nodesNeverRemoved(scheduled, List.of())).as("only for a while").isEmpty();
        Node annotated = Fixtures.node("n1", "h100");
        annotated.getMetadata().setAnnotations(Map.of(KubeNames.DO_NOT_DISRUPT, "true"));
        assertThat(KarpenterChecks.nodesNeverRemoved(pool(Map.of()), List.of(annotated)))
                .hasValueSatisfying(s -> assertThat(s).contains("1 of its node(s)"));
        assertThat(KarpenterChecks.nodesNeverRemoved(pool(Map.of()), List.of(Fixtures.node("n2", "h100"))))
                .isEmpty();
    }

    @Test
    void staticReplicasWithoutNodeClaimsAreFlaggedOnlyAfterTheGrace() {
        var fixed = pool(Map.of("replicas", 2));
        Instant set = NOW.minusSeconds(30);
        assertThat(KarpenterChecks.staticNotFollowed(fixed, List.of(), set, NOW)).as("within the grace").isEmpty();
        Instant later = set.plus(KarpenterChecks.STATIC_GRACE);
        assertThat(KarpenterChecks.staticNotFollowed(fixed, List.of(), set, later))
                .hasValueSatisfying(s -> assertThat(s).contains("StaticCapacity=true").contains("0 NodeClaim"));
        assertThat(KarpenterChecks.staticNotFollowed(fixed, List.of(claim(later.minusSeconds(10))), set, later))
                .as("Karpenter is creating them").isEmpty();
        assertThat(KarpenterChecks.staticNotFollowed(fixed, List.of(claim(set), claim(set)), set,
                later.plus(Duration.ofHours(1)))).as("followed").isEmpty();
        assertThat(KarpenterChecks.staticNotFollowed(pool(Map.of()), List.of(), set, later)).as("dynamic").isEmpty();
    }

    @Test
    void limitsBelowOneMachineLaunchNothing() {
        var machine = Map.of("cpu", BigDecimal.valueOf(192), "nvidia.com/gpu", BigDecimal.valueOf(8));
        assertThat(KarpenterChecks.limitsBelowMachine("h100", Map.of("cpu", BigDecimal.valueOf(188)), machine))
                .hasValueSatisfying(s -> assertThat(s).contains("limits.cpu 188 is below one machine's 192"));
        assertThat(KarpenterChecks.limitsBelowMachine("h100", Map.of("cpu", BigDecimal.valueOf(384)), machine))
                .isEmpty();
        assertThat(KarpenterChecks.limitsBelowMachine("h100", Map.of("cpu", BigDecimal.ZERO), machine))
                .as("0: scaled to nothing on purpose").isEmpty();
    }
}
