package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxPolicyTest {
    @Test
    void thePolicyParsesAndItsNodeShapeLetsKarpenterLaunchEveryNodeTheLimitsAreSizedFor() {
        var scenario = Scenario.loadDefault();
        var result = PolicyParser.parse(SandboxPolicy.yaml(scenario, Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofMinutes(20)));
        assertThat(result).isInstanceOf(PolicyResult.Valid.class);
        var policy = ((PolicyResult.Valid) result).policy();
        for (var ns : scenario.nodeSets()) {
            var nodeSet = policy.partitions().stream().flatMap(p -> p.nodeSets().stream())
                    .filter(p -> p.ref().name().equals(ns.name())).findFirst().orElseThrow();
            var pool = scenario.nodePools().stream().filter(p -> p.name().equals(ns.nodePool())).findFirst()
                    .orElseThrow();
            int n = ns.maxNodes();
            assertThat(nodeSet.node().memoryMB()).as("Slurm's node, as slurmd registers it")
                    .isEqualTo(ns.node().memoryMB());
            // limits as skaler sizes them, from the machine, for n nodes: Karpenter launches all n
            var limits = io.skaler.planner.MachineLimits.limitsFor(n, nodeSet.nodePool().machine());
            assertThat(NodePoolLimits.allows(limits, pool.capacity(), n)).as(ns.name()).isTrue();
            assertThat(NodePoolLimits.allows(limits, pool.capacity(), n + 1)).as(ns.name()).isFalse();
        }
    }
}
