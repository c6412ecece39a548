package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.bd;
import static io.skaler.planner.Fixtures.busyNode;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.idleNode;
import static io.skaler.planner.Fixtures.job;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.pod;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.pool;
import static io.skaler.planner.Fixtures.snapshot;
import static io.skaler.planner.PlannerDemandTest.demand;
import static io.skaler.planner.PlannerDemandTest.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.Plan;
import io.skaler.model.SlurmNode;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every limit: min/max replicas, headroom, nodes per cycle, spill to the next NodeSet, NodePool limits. */
class PlannerLimitsTest {

    static Fixtures.SnapshotBuilder wholeNodeJobs(Fixtures.SnapshotBuilder b, int jobs) {
        for (int i = 1; i <= jobs; i++) {
            b.jobs(job(i).gresPerNode("gpu:h100", 8).exclusive());
        }
        return b;
    }

    @Test
    void maxReplicasBindsAndDemandSpillsToTheNextNodeSet() {
        Policy p = policy(partition("gpu", nodeSetPolicy("first", h100()).max(3),
                nodeSetPolicy("second", h100()).max(10)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("first", 0), nodeSet("second", 0)), 5).build();
        Plan plan = Planner.plan(s, p, NOW);
        assertThat(target(plan, "first").desired()).isEqualTo(3);
        assertThat(target(plan, "first").reasons()).anyMatch(r -> r.contains("maxReplicas 3 reached: 2 job(s) go on"));
        assertThat(target(plan, "second").desired()).isEqualTo(2);
        assertThat(demand(plan, "gpu").nodesNeeded()).isEqualTo(5);
    }

    @Test
    void whatNoNodeSetHasRoomForStillShowsInNodesNeeded() {
        Policy p = policy(partition("gpu", nodeSetPolicy("only", h100()).max(3)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("only", 0)), 5).build();
        Plan plan = Planner.plan(s, p, NOW);
        assertThat(target(plan, "only").desired()).isEqualTo(3);
        assertThat(demand(plan, "gpu").nodesNeeded()).isEqualTo(5);
    }

    @Test
    void maxNodesPerCycleBoundsTheScaleUpWithoutSpilling() {
        Policy p = policy(partition("gpu", nodeSetPolicy("first", h100()).maxUp(4),
                nodeSetPolicy("second", h100())));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("first", 0), nodeSet("second", 0)), 10).build();
        Plan plan = Planner.plan(s, p, NOW);
        assertThat(target(plan, "first").desired()).isEqualTo(4);
        assertThat(target(plan, "first").reasons()).anyMatch(r -> r.contains("scaleUp.maxNodesPerCycle 4"));
        assertThat(target(plan, "second").desired()).isZero(); // the rest comes next cycle, not elsewhere
    }

    @Test
    void minReplicasIsAFloor() {
        Policy p = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).min(2)));
        Plan plan = Planner.plan(snapshot().nodeSets(nodeSet("gpu-h100", 0)).build(), p, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(2);
        assertThat(target(plan, "gpu-h100").reasons()).contains("minReplicas 2");
    }

    @Test
    void headroomKeepsIdleNodesWarmBeyondDemand() {
        Policy p = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).headroom(2)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("gpu-h100", 0)), 3).build();
        Plan plan = Planner.plan(s, p, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(5);
        assertThat(target(plan, "gpu-h100").reasons()).anyMatch(r -> r.startsWith("headroomNodes 2: +2"));
    }

    @Test
    void headroomCountsIdleNodesAlreadyThere() {
        Policy p = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).headroom(1)));
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 1, pod("w-0", true, NOW.minusSeconds(7200))))
                .nodes(idleNode("w-0", h100(), NOW.minusSeconds(7200))).build();
        Plan plan = Planner.plan(s, p, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(1); // warm, and not scaled in
        assertThat(target(plan, "gpu-h100").podsToRemove()).isEmpty();
    }

    @Test
    void headroomStopsAtMaxReplicas() {
        Policy p = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).headroom(5).max(4)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("gpu-h100", 0)), 3).build();
        assertThat(target(Planner.plan(s, p, NOW), "gpu-h100").desired()).isEqualTo(4);
    }

    @Test
    void nodePoolLimitsCoverTheDesiredNodesOfEveryBoundNodeSet() {
        Policy p = policy(partition("gpu",
                nodeSetPolicy("a", h100()).pool("p5", NodePoolBinding.Mode.LIMITS),
                nodeSetPolicy("b", h100()).pool("p5", NodePoolBinding.Mode.LIMITS).max(100)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("a", 0), nodeSet("b", 1,
                pod("b-0", true, NOW.minusSeconds(60)))).nodes(busyNode("b-0", h100())).pools(pool("p5")), 3)
                .build();
        Plan plan = Planner.plan(s, p, NOW);
        assertThat(target(plan, "a").desired()).isEqualTo(3);
        NodePoolTarget t = plan.nodePools().get(0);
        assertThat(t.name()).isEqualTo("p5");
        assertThat(t.mode()).isEqualTo(NodePoolTarget.Mode.LIMITS);
        assertThat(t.limits()).isEqualTo(Map.of("cpu", bd(4 * 96), "memory", bd(4L * 1_000_000 * 1024 * 1024),
                "nvidia.com/gpu", bd(32)));
        assertThat(t.reasons()).anyMatch(r -> r.startsWith("3 node(s) of NodeSet slurm/a"));
    }

    @Test
    void staticNodePoolsGetReplicas() {
        Policy p = policy(partition("gpu", nodeSetPolicy("a", h100()).pool("p5", NodePoolBinding.Mode.STATIC)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("a", 0)).pools(pool("p5")), 3).build();
        NodePoolTarget t = Planner.plan(s, p, NOW).nodePools().get(0);
        assertThat(t.mode()).isEqualTo(NodePoolTarget.Mode.STATIC);
        assertThat(t.replicas()).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void missingOrPausedNodePoolsGetAWarningNotATarget() {
        Policy p = policy(partition("gpu", nodeSetPolicy("a", h100()).pool("p5", NodePoolBinding.Mode.LIMITS)));
        Plan plan = Planner.plan(snapshot().nodeSets(nodeSet("a", 0)).build(), p, NOW);
        assertThat(plan.nodePools()).isEmpty();
        assertThat(plan.warnings()).contains("NodePool p5 not found in Kubernetes: no NodePool target");
    }

    @Test
    void aboveMaxReplicasIdleNodesGoWithoutWaitingForIdleFor() {
        Policy p = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).max(1)));
        List<NodeSetPod> pods = new ArrayList<>();
        List<SlurmNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(pod("w-" + i, true, NOW.minusSeconds(7200)));
            nodes.add(i == 0 ? busyNode("w-0", h100()) : idleNode("w-" + i, h100(), NOW.minusSeconds(60)));
        }
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 3, pods.toArray(NodeSetPod[]::new)))
                .nodes(nodes.toArray(SlurmNode[]::new)).build();
        var t = target(Planner.plan(s, p, NOW), "gpu-h100");
        assertThat(t.desired()).isEqualTo(1);
        assertThat(t.podsToRemove()).containsExactlyInAnyOrder("w-1", "w-2");
        assertThat(t.action()).isEqualTo(Action.SCALE_DOWN);
    }
}
