package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.ExcludedJob;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.Plan;
import io.skaler.model.SlurmNode;
import io.skaler.model.Snapshot;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.testing.PropertyCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Invariants over random clusters (see {@link RandomCluster}), run by {@link PropertyCheck}: a failure names the run
 * seed and the cluster seed, either of which reproduces the case exactly.
 */
class PlannerPropertiesTest {

    @Test
    void desiredStaysWithinMinAndMax() {
        PropertyCheck.forAll(300, PlannerPropertiesTest::seed, seed -> {
            RandomCluster c = RandomCluster.of(seed, true);
            Map<String, NodeSetPolicy> policies = c.nodeSetPolicies();
            for (NodeSetTarget t : Planner.plan(c.snapshot, c.policy, NOW).targets()) {
                if (t.action() == Action.PAUSED) {
                    assertThat(t.desired()).isEqualTo(t.current());
                    continue;
                }
                NodeSetPolicy p = policies.get(t.nodeSet().name());
                assertThat(t.desired()).as("%s desired >= min", t.nodeSet()).isGreaterThanOrEqualTo(p.minReplicas());
                assertThat(t.desired()).as("%s desired <= max (or no higher than now when above max)", t.nodeSet())
                        .isLessThanOrEqualTo(Math.max(p.maxReplicas(), t.current()));
                if (t.desired() > t.current()) {
                    assertThat(t.desired()).isLessThanOrEqualTo(p.maxReplicas());
                    assertThat(t.desired() - t.current()).isLessThanOrEqualTo(Math.max(p.scaleUp().maxNodesPerCycle(),
                            p.minReplicas() - t.current()));
                }
            }
        });
    }

    @Test
    void desiredNeverDropsBelowTheNodesRunningJobs() {
        PropertyCheck.forAll(300, PlannerPropertiesTest::seed, seed -> {
            RandomCluster c = RandomCluster.of(seed, true);
            Plan plan = Planner.plan(c.snapshot, c.policy, NOW);
            for (NodeSetTarget t : plan.targets()) {
                assertThat((long) t.desired()).as("%s", t.nodeSet()).isGreaterThanOrEqualTo(busyNodes(c.snapshot, t));
                assertThat(t.current() - t.desired())
                        .as("%s shrinks only by named pods or podless replicas", t.nodeSet())
                        .isLessThanOrEqualTo(t.podsToRemove().size() + podless(c.snapshot, t));
            }
        });
    }

    @Test
    void noBusyNodeIsEverChosenForScaleIn() {
        PropertyCheck.forAll(300, PlannerPropertiesTest::seed, seed -> {
            RandomCluster c = RandomCluster.of(seed, true);
            Map<String, SlurmNode> nodes = c.snapshot.slurm().nodes().stream()
                    .collect(Collectors.toMap(SlurmNode::name, n -> n));
            for (NodeSetTarget t : Planner.plan(c.snapshot, c.policy, NOW).targets()) {
                for (String pod : t.podsToRemove()) {
                    NodeSetPod p = pod(c.snapshot, t, pod);
                    SlurmNode n = nodes.get(p.slurmNodeName());
                    if (n == null) {
                        assertThat(p.ready()).as("an unregistered pod removed must be one that never became ready")
                                .isFalse();
                    } else {
                        assertThat(n.runsJobs()).as("%s runs jobs", pod).isFalse();
                        assertThat(n.state().idle()).as("%s idle", pod).isTrue();
                    }
                }
            }
        });
    }

    @Test
    void theSameSnapshotGivesTheSamePlan() {
        PropertyCheck.forAll(200, PlannerPropertiesTest::seed, seed -> {
            RandomCluster c = RandomCluster.of(seed, true);
            Plan first = Planner.plan(c.snapshot, c.policy, NOW);
            Plan second = Planner.plan(RandomCluster.of(seed, true).snapshot, c.policy, NOW);
            assertThat(second).isEqualTo(first);
        });
    }

    /**
     * Applying a plan and planning again changes nothing. One exception, by design: scale-in held because pods were
     * still in flight (Slinky would remove those first) proceeds once they arrived, so then the fixpoint is one
     * cycle later.
     */
    @Test
    void applyingAPlanAndPlanningAgainChangesNothing() {
        PropertyCheck.forAll(300, PlannerPropertiesTest::seed, seed -> {
            RandomCluster c = RandomCluster.of(seed, false, true);
            Plan first = Planner.plan(c.snapshot, c.policy, NOW);
            Snapshot applied = c.apply(first);
            Plan second = Planner.plan(applied, c.policy, NOW);
            boolean heldForInFlight = first.targets().stream()
                    .anyMatch(t -> t.reasons().stream().anyMatch(r -> r.contains("still in flight")));
            if (heldForInFlight) {
                second = Planner.plan(c.apply(applied, second), c.policy, NOW);
            }
            assertNoChange(second);
        });
    }

    /**
     * Any cluster, including drained nodes and NodeSets above a lowered maxReplicas (shed first, then the drained
     * idle nodes, then replaced), settles within three cycles when per-cycle limits do not bind.
     */
    @Test
    void everyClusterSettlesWithinThreeCycles() {
        PropertyCheck.forAll(300, PlannerPropertiesTest::seed, seed -> {
            RandomCluster c = RandomCluster.of(seed, false, false);
            Snapshot s = c.snapshot;
            Plan plan = Planner.plan(s, c.policy, NOW);
            for (int cycle = 0; cycle < 3; cycle++) {
                s = c.apply(s, plan);
                plan = Planner.plan(s, c.policy, NOW);
            }
            assertNoChange(plan);
        });
    }

    private static void assertNoChange(Plan plan) {
        for (NodeSetTarget t : plan.targets()) {
            assertThat(t.desired()).as("%s replans to %s: %s", t.nodeSet(), t.desired(), t.reasons())
                    .isEqualTo(t.current());
            assertThat(t.podsToRemove()).isEmpty();
        }
    }

    @Test
    void everyEligibleJobThatFitsIsCoveredWhenNoLimitBinds() {
        PropertyCheck.forAll(300, PlannerPropertiesTest::seed, seed -> {
            RandomCluster c = RandomCluster.of(seed, false, true);
            Plan first = Planner.plan(c.snapshot, c.policy, NOW);
            Map<Long, io.skaler.model.PendingJob> jobs = c.snapshot.slurm().pendingJobs().stream()
                    .collect(Collectors.toMap(io.skaler.model.PendingJob::jobId, j -> j));
            for (ExcludedJob e : first.excludedJobs()) {
                io.skaler.model.PendingJob job = jobs.get(e.jobId());
                boolean eligible = job.eligibility().demand() && job.runnableTasks() > 0;
                if (eligible) {
                    assertThat(e.reason()).as("job %s excluded although eligible", e.jobId())
                            .matches(r -> r.startsWith("fits no node shape") || r.startsWith("no managed partition"));
                }
            }
            boolean limitBound = first.targets().stream().anyMatch(t -> t.action() == Action.PAUSED
                    || t.reasons().stream().anyMatch(r -> r.contains("maxReplicas") || r.contains("backoff")
                            || r.contains("not found")));
            if (limitBound) {
                return;
            }
            Plan second = Planner.plan(c.apply(first), c.policy, NOW);
            for (NodeSetTarget t : second.targets()) {
                assertThat(t.action()).as("%s: %s", t.nodeSet(), t.reasons()).isNotEqualTo(Action.SCALE_UP);
                assertThat(t.reasons()).noneMatch(r -> r.contains("go on to the next NodeSet"));
            }
            for (var d : second.partitions()) {
                int nodes = second.targets().stream().filter(t -> t.partition().equals(d.name()))
                        .mapToInt(NodeSetTarget::desired).sum();
                assertThat(d.nodesNeeded()).as("partition %s", d.name()).isLessThanOrEqualTo(nodes);
            }
        });
    }

    // ---- helpers

    /** The generator: a cluster seed; {@link RandomCluster} turns it into the same cluster every time. */
    private static long seed(Random random) {
        return random.nextLong();
    }

    private static NodeSetState state(Snapshot s, NodeSetTarget t) {
        return s.kube().nodeSets().stream().filter(n -> n.ref().equals(t.nodeSet())).findFirst().orElseThrow();
    }

    private static NodeSetPod pod(Snapshot s, NodeSetTarget t, String name) {
        return state(s, t).pods().stream().filter(p -> p.podName().equals(name)).findFirst().orElseThrow();
    }

    private static long busyNodes(Snapshot s, NodeSetTarget t) {
        Map<String, SlurmNode> nodes = new HashMap<>();
        s.slurm().nodes().forEach(n -> nodes.put(n.name(), n));
        return s.kube().nodeSets().stream().filter(n -> n.ref().equals(t.nodeSet()))
                .flatMap(n -> n.pods().stream()).filter(p -> !p.terminating())
                .map(p -> nodes.get(p.slurmNodeName())).filter(n -> n != null && n.runsJobs()).count();
    }

    private static int podless(Snapshot s, NodeSetTarget t) {
        List<NodeSetState> found = s.kube().nodeSets().stream().filter(n -> n.ref().equals(t.nodeSet())).toList();
        if (found.isEmpty()) {
            return 0;
        }
        NodeSetState n = found.get(0);
        return Math.max(0, n.specReplicas() - (int) n.pods().stream().filter(p -> !p.terminating()).count());
    }
}
