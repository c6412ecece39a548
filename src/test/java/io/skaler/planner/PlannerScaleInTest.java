package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.busyNode;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.idleNode;
import static io.skaler.planner.Fixtures.job;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.pod;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.snapshot;
import static io.skaler.planner.Fixtures.withHistory;
import static io.skaler.planner.PlannerDemandTest.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.SlurmNode;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which nodes go: idle in Slurm long enough, not after a recent scale-up, never below min, never a busy one. */
class PlannerScaleInTest {

    /** A NodeSet whose nodes were last busy the given minutes ago; a negative value means busy now. */
    static Fixtures.SnapshotBuilder cluster(int... idleMinutes) {
        List<NodeSetPod> pods = new ArrayList<>();
        List<SlurmNode> nodes = new ArrayList<>();
        for (int i = 0; i < idleMinutes.length; i++) {
            String name = "w-" + i;
            pods.add(pod(name, true, NOW.minus(Duration.ofHours(5))));
            nodes.add(idleMinutes[i] < 0 ? busyNode(name, h100())
                    : idleNode(name, h100(), NOW.minus(Duration.ofMinutes(idleMinutes[i]))));
        }
        return snapshot().nodeSets(withHistory(nodeSet("gpu", idleMinutes.length, pods.toArray(NodeSetPod[]::new)),
                        Optional.of(NOW.minus(Duration.ofHours(5))), Optional.empty(), 0))
                .nodes(nodes.toArray(SlurmNode[]::new));
    }

    static NodeSetTarget plan(Fixtures.SnapshotBuilder s, Fixtures.NodeSetBuilder ns) {
        return target(Planner.plan(s.build(), policy(partition("gpu", ns)), NOW), "gpu");
    }

    static Fixtures.NodeSetBuilder gpu() {
        return nodeSetPolicy("gpu", h100());
    }

    @Test
    void idleNodesGoIdleLongestFirstNeverBusyOnes() {
        NodeSetTarget t = plan(cluster(-1, 15, 60, 30, 5, -1), gpu());
        assertThat(t.action()).isEqualTo(Action.SCALE_DOWN);
        assertThat(t.desired()).isEqualTo(3);
        assertThat(t.podsToRemove()).containsExactly("w-2", "w-3", "w-1"); // w-4 idle only 5 min < idleFor 10m
        assertThat(t.reasons()).contains("2 node(s) run jobs and are never removed");
    }

    @Test
    void notWithinTheStabilizationWindowAfterAScaleUp() {
        var s = cluster(30, 30);
        NodeSetState ns = s.nodeSets.get(0);
        s.nodeSets.set(0, withHistory(ns, Optional.of(NOW.minus(Duration.ofMinutes(2))), Optional.empty(), 0));
        NodeSetTarget t = plan(s, gpu());
        assertThat(t.desired()).isEqualTo(2);
        assertThat(t.action()).isEqualTo(Action.HOLD);
        assertThat(t.reasons()).anyMatch(r -> r.startsWith("scale-in held: within scaleDown.stabilizationWindow 5m"));
    }

    @Test
    void neverBelowMinReplicas() {
        NodeSetTarget t = plan(cluster(30, 30, 30), gpu().min(2));
        assertThat(t.desired()).isEqualTo(2);
        assertThat(t.podsToRemove()).containsExactly("w-0");
        assertThat(t.reasons()).anyMatch(r -> r.startsWith("minReplicas 2 keeps 2"));
    }

    @Test
    void atMostMaxNodesPerCycle() {
        NodeSetTarget t = plan(cluster(50, 40, 30, 20), gpu().maxDown(2));
        assertThat(t.podsToRemove()).containsExactly("w-0", "w-1");
        assertThat(t.desired()).isEqualTo(2);
        assertThat(t.reasons()).anyMatch(r -> r.startsWith("scaleDown.maxNodesPerCycle 2"));
    }

    @Test
    void idleNodesPendingDemandWillUseStay() {
        var s = cluster(30, 60).jobs(job(1).gresPerNode("gpu", 8));
        NodeSetTarget t = plan(s, gpu());
        assertThat(t.desired()).isEqualTo(1);
        assertThat(t.podsToRemove()).containsExactly("w-0"); // demand fills the longest idle first; the other goes
    }

    @Test
    void headroomNodesAreKept() {
        NodeSetTarget t = plan(cluster(30, 60, 90), gpu().headroom(1));
        assertThat(t.podsToRemove()).containsExactly("w-2", "w-1");
    }

    @Test
    void nothingGoesWhilePodsAreInFlight() {
        var s = cluster(30, 30);
        NodeSetState ns = s.nodeSets.get(0);
        List<NodeSetPod> pods = new ArrayList<>(ns.pods());
        pods.add(pod("w-2", false, NOW.minusSeconds(60)));
        s.nodeSets.set(0, new NodeSetState(ns.ref(), 3, 3, 2, false, pods, ns.lastScaleUpAt(), Optional.empty(), 0));
        NodeSetTarget t = plan(s, gpu());
        assertThat(t.desired()).isEqualTo(3);
        assertThat(t.reasons()).anyMatch(r -> r.startsWith("scale-in held: 1 node(s) still in flight"));
    }

    @Test
    void completingNodesAreBusy() {
        var s = cluster(30);
        s.nodes.set(0, Fixtures.withState(s.nodes.get(0), "IDLE", "COMPLETING"));
        assertThat(plan(s, gpu()).podsToRemove()).isEmpty();
    }

    @Test
    void pausedNodeSetsAreLeftAlone() {
        var s = cluster(30, 30).jobs(job(1).nodes(4).exclusive());
        s.nodeSets.set(0, Fixtures.paused(s.nodeSets.get(0)));
        NodeSetTarget t = plan(s, gpu());
        assertThat(t.action()).isEqualTo(Action.PAUSED);
        assertThat(t.desired()).isEqualTo(2);
        assertThat(t.podsToRemove()).isEmpty();
    }

    @Test
    void aNodeSetMissingFromKubernetesIsHeld() {
        Policy p = policy(partition("gpu", gpu()));
        var s = snapshot().jobs(job(1).exclusive()).build();
        NodeSetTarget t = target(Planner.plan(s, p, NOW), "gpu");
        assertThat(t.action()).isEqualTo(Action.HOLD);
        assertThat(t.desired()).isZero();
        assertThat(t.reasons().get(0)).contains("not found in Kubernetes");
    }

    @Test
    void aPartialPlanNeverShrinks() {
        long[] ticks = {0};
        // every read of the clock advances a second: the budget of 1 ms is spent at the first check
        PlanBudget budget = new PlanBudget(() -> ticks[0] += 1_000_000_000L, 1_000_000L);
        var plan = Planner.plan(cluster(30, 60).build(), policy(partition("gpu", gpu())), NOW, budget);
        assertThat(plan.partial()).isTrue();
        NodeSetTarget t = target(plan, "gpu");
        assertThat(t.desired()).isEqualTo(2);
        assertThat(t.podsToRemove()).isEmpty();
        assertThat(plan.warnings().get(0)).startsWith("partial plan");
    }

    @Test
    void lastBusyUnknownCountsFromPodCreation() {
        var s = cluster(30);
        SlurmNode n = s.nodes.get(0);
        s.nodes.set(0, new SlurmNode(n.name(), n.state(), n.partitions(), n.features(), n.cpus(), 0,
                n.realMemoryMB(), 0, n.gres(), n.gresUsed(), "", "", 0, 0, ""));
        assertThat(plan(s, gpu()).podsToRemove()).containsExactly("w-0"); // pod is 5 h old
    }
}
