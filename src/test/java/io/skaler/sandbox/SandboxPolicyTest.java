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
            var shape = policy.partitions().stream().flatMap(p -> p.nodeSets().stream())
                    .filter(p -> p.ref().name().equals(ns.name())).findFirst().orElseThrow().node();
            var pool = scenario.nodePools().stream().filter(p -> p.name().equals(ns.nodePool())).findFirst()
                    .orElseThrow();
            int n = ns.maxNodes();
            // memory as skaler sizes spec.limits (MiB of the node shape, in bytes) for n nodes
            var limits = Map.of("memory", BigDecimal.valueOf(shape.memoryMB() * 1024L * 1024L * n),
                    "cpu", BigDecimal.valueOf((long) shape.cpus() * n));
            assertThat(NodePoolLimits.allows(limits, pool.capacity(), n)).as(ns.name()).isTrue();
            assertThat(shape.memoryMB()).as("the machine, not Slurm's RealMemory").isGreaterThan(ns.node().memoryMB());
        }
    }
}
