package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.claim;
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
import static io.skaler.planner.PlannerLimitsTest.wholeNodeJobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Backoff;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.Plan;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Capacity on its way is never asked for twice; capacity that does not come puts the NodeSet in backoff. */
class PlannerInFlightTest {
    static final Policy TWO = policy(partition("gpu", nodeSetPolicy("first", h100()), nodeSetPolicy("second", h100())));

    static NodeSetState booting(String name, int replicas, int pods, Instant created, Optional<Instant> lastUp) {
        var ps = new io.skaler.model.NodeSetPod[pods];
        for (int i = 0; i < pods; i++) {
            ps[i] = pod(name + "-" + i, false, created);
        }
        return withHistory(nodeSet(name, replicas, ps), lastUp, Optional.empty(), 0);
    }

    @Test
    void podsNotYetReadyAreCountedNotAskedForAgain() {
        var s = wholeNodeJobs(snapshot().nodeSets(
                booting("first", 3, 3, NOW.minusSeconds(120), Optional.of(NOW.minusSeconds(120))),
                nodeSet("second", 0)), 4).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "first").desired()).isEqualTo(4);
        assertThat(target(plan, "first").reasons()).anyMatch(r -> r.contains("(0 registered, 3 in flight)"));
        assertThat(target(plan, "second").desired()).isZero();
    }

    @Test
    void replicasWithoutPodsYetAreInFlightToo() {
        var s = wholeNodeJobs(snapshot().nodeSets(
                booting("first", 4, 0, NOW, Optional.of(NOW.minusSeconds(60))), nodeSet("second", 0)), 4).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "first").desired()).isEqualTo(4);
        assertThat(target(plan, "first").action()).isEqualTo(Action.NONE);
    }

    @Test
    void afterProvisioningTimeoutCapacityFailsBacksOffAndDemandSpills() {
        var s = wholeNodeJobs(snapshot().nodeSets(
                booting("first", 3, 3, NOW.minus(Duration.ofMinutes(25)), Optional.of(NOW.minus(Duration.ofMinutes(25)))),
                nodeSet("second", 0)), 3).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        NodeSetTarget first = target(plan, "first");
        assertThat(first.desired()).isZero();
        assertThat(first.podsToRemove()).containsExactly("first-0", "first-1", "first-2");
        assertThat(first.backoff()).contains(new Backoff(1, NOW.plus(Duration.ofMinutes(5)), first.backoff()
                .get().reason()));
        assertThat(first.backoff().get().reason()).contains("3 node(s) did not arrive within provisioningTimeout");
        assertThat(target(plan, "second").desired()).isEqualTo(3);
    }

    @Test
    void whileInBackoffANodeSetGetsNoNewNodes() {
        NodeSetState first = withHistory(nodeSet("first", 0), Optional.of(NOW.minusSeconds(3600)),
                Optional.of(NOW.plusSeconds(120)), 1);
        var s = wholeNodeJobs(snapshot().nodeSets(first, nodeSet("second", 0)), 2).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "first").desired()).isZero();
        assertThat(target(plan, "first").action()).isEqualTo(Action.HOLD);
        assertThat(target(plan, "first").reasons()).anyMatch(r -> r.startsWith("in backoff until"));
        assertThat(target(plan, "second").desired()).isEqualTo(2);
    }

    @ParameterizedTest(name = "failure {0} in a row backs off {1} min")
    @CsvSource({"1,5", "2,10", "3,20", "4,30", "7,30"})
    void backoffDoublesFromFiveToThirtyMinutes(int level, long minutes) {
        assertThat(BackoffRule.length(level)).isEqualTo(Duration.ofMinutes(minutes));
    }

    @Test
    void aNewFailureAfterAnExpiredBackoffDoublesIt() {
        NodeSetState first = withHistory(booting("first", 2, 2, NOW.minus(Duration.ofMinutes(30)), Optional.empty()),
                Optional.of(NOW.minus(Duration.ofMinutes(30))), Optional.of(NOW.minus(Duration.ofMinutes(31))), 2);
        var s = wholeNodeJobs(snapshot().nodeSets(first, nodeSet("second", 0)), 1).build();
        Backoff b = target(Planner.plan(s, TWO, NOW), "first").backoff().orElseThrow();
        assertThat(b.level()).isEqualTo(3);
        assertThat(b.until()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
    }

    @Test
    void backoffClearsOnceCapacityAskedForAfterItArrives() {
        NodeSetState first = withHistory(nodeSet("first", 1, pod("first-0", true, NOW.minusSeconds(300))),
                Optional.of(NOW.minusSeconds(400)), Optional.of(NOW.minusSeconds(600)), 2);
        var s = snapshot().nodeSets(first, nodeSet("second", 0))
                .nodes(idleNode("first-0", h100(), NOW.minusSeconds(30))).build();
        Backoff b = target(Planner.plan(s, TWO, NOW), "first").backoff().orElseThrow();
        assertThat(b.clears()).isTrue();
    }

    @Test
    void readyPodsSlurmDoesNotKnowYetAreWaitedForNeverRemoved() {
        NodeSetState first = nodeSet("first", 1, pod("first-0", true, NOW.minus(Duration.ofHours(2))));
        var s = wholeNodeJobs(snapshot().nodeSets(first, nodeSet("second", 0)), 1).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "first").desired()).isEqualTo(1);
        assertThat(target(plan, "first").podsToRemove()).isEmpty();
        assertThat(target(plan, "first").backoff()).isEmpty();
    }

    @Test
    void failedAndStuckNodeClaimsAreReported() {
        Policy p = policy(partition("gpu", nodeSetPolicy("first", h100())
                .pool("p5", io.skaler.policy.NodePoolBinding.Mode.LIMITS)));
        var s = snapshot().nodeSets(nodeSet("first", 0)).pools(Fixtures.pool("p5"))
                .claims(claim("c1", "p5", NodeClaimState.Phase.FAILED, NOW.minusSeconds(60)),
                        claim("c2", "p5", NodeClaimState.Phase.LAUNCHING, NOW.minus(Duration.ofMinutes(30))),
                        claim("c3", "p5", NodeClaimState.Phase.LAUNCHING, NOW.minusSeconds(60)))
                .build();
        assertThat(Planner.plan(s, p, NOW).warnings())
                .filteredOn(w -> w.startsWith("NodeClaim"))
                .containsExactly("NodeClaim c1 of NodePool p5 failed: ICE",
                        "NodeClaim c2 of NodePool p5 still launching after provisioningTimeout");
    }
}
