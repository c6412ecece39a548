package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.bd;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.pool;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.snapshot;
import static io.skaler.planner.PlannerLimitsTest.wholeNodeJobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodePoolTarget;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.NodeShape;
import io.skaler.policy.PartitionPolicy;
import io.skaler.policy.Policy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * NodePool limits follow the machine, not Slurm's node: limits written for N nodes admit exactly N machines under
 * Karpenter's own rule (a machine launches only if its capacity fits what the limits leave, scheduler.go).
 */
class MachineLimitsTest {
    static final BigDecimal GI = BigDecimal.valueOf(1L << 30);
    /** p5.48xlarge: 192 vCPU, 2 TiB, 8 H100; Slurm registers less (the kubelet reserves some). */
    static final Map<String, BigDecimal> P5 = Map.of("cpu", bd(192), "memory", bd(2048).multiply(GI),
            "nvidia.com/gpu", bd(8));
    static final NodeShape P5_SLURM_NODE = new NodeShape(188, 1_900_000, Gres.of("gpu:h100", 8), List.of());

    @Test
    void limitsForNMachinesAdmitExactlyNUnderKarpentersRule() {
        Random random = new Random(18);
        for (int trial = 0; trial < 500; trial++) {
            Map<String, BigDecimal> machine = new TreeMap<>();
            machine.put("cpu", bd(1 + random.nextInt(256)));
            machine.put("memory", bd(1 + random.nextInt(4096)).multiply(GI));
            if (random.nextBoolean()) {
                machine.put("nvidia.com/gpu", bd(random.nextInt(9))); // 0: a machine without GPUs
            }
            long n = random.nextInt(200);
            var limits = MachineLimits.limitsFor(n, machine);
            assertThat(MachineLimits.admitted(limits, machine)).as("machine %s, %d nodes", machine, n).isEqualTo(n);
        }
    }

    @Test
    void karpentersRuleCountsNodesAsMachinesAndStopsAtTheFirstResourceThatRunsOut() {
        assertThat(MachineLimits.admitted(Map.of("nodes", bd(3)), P5)).isEqualTo(3);
        assertThat(MachineLimits.admitted(Map.of("cpu", bd(400), "nvidia.com/gpu", bd(8)), P5)).isEqualTo(1);
        assertThat(MachineLimits.admitted(Map.of("cpu", bd(188)), P5)).as("one Slurm node's CPUs: no machine")
                .isZero();
    }

    static Policy p5Policy(Map<String, BigDecimal> machine) {
        var ns = new NodeSetPolicy(new io.skaler.model.ObjectRef(Fixtures.NS, "h100"), P5_SLURM_NODE, 0, 10, 0,
                new NodePoolBinding("p5", NodePoolBinding.Mode.LIMITS, machine), new io.skaler.policy.ScaleUp(100),
                new io.skaler.policy.ScaleDown(Duration.ofMinutes(10), Duration.ofMinutes(5), 10),
                Duration.ofMinutes(20));
        return new Policy(List.of(new PartitionPolicy("gpu", List.of(ns))), policy().gresResources(), "test");
    }

    @Test
    void theEksP5ExampleGetsLimitsThatLaunchItsMachines() {
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("h100", 0)).pools(pool("p5")), 2).build();
        var plan = Planner.plan(s, p5Policy(P5), NOW);
        NodePoolTarget t = plan.nodePools().get(0);
        assertThat(t.limits()).isEqualTo(MachineLimits.limitsFor(2, P5));
        assertThat(MachineLimits.admitted(t.limits(), P5)).isEqualTo(2);
        assertThat(plan.warnings()).noneMatch(w -> w.contains("machine's capacity is unknown"));
    }

    @Test
    void theMachineLaunchedBeforeIsLearnedFromTheNodeClaimsAndWinsOverThePolicy() {
        var claim = new NodeClaimState("p5-abcde", "p5", NodeClaimState.Phase.READY, NOW, "", NOW,
                Map.of("cpu", bd(192), "memory", bd(2048).multiply(GI), "nvidia.com/gpu", bd(8), "pods", bd(100)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("h100", 0)).pools(pool("p5")).claims(claim), 3).build();
        var plan = Planner.plan(s, p5Policy(Map.of("cpu", bd(200))), NOW);
        NodePoolTarget t = plan.nodePools().get(0);
        assertThat(t.limits()).isEqualTo(MachineLimits.limitsFor(3, P5));
        assertThat(t.reasons()).anyMatch(r -> r.contains("machine from the pool's NodeClaims"));
    }

    @Test
    void withoutAMachineTheLimitsFollowSlurmsNodeAndSaySoBecauseKarpenterWouldRefuse() {
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("h100", 0)).pools(pool("p5")), 1).build();
        var plan = Planner.plan(s, p5Policy(Map.of()), NOW);
        assertThat(MachineLimits.admitted(plan.nodePools().get(0).limits(), P5)).isZero();
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("NodePool p5: the machine's capacity is unknown"));
    }
}
