package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.pod;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.snapshot;
import static io.skaler.planner.PlannerDemandTest.target;
import static io.skaler.planner.PlannerInFlightTest.booting;
import static io.skaler.planner.PlannerLimitsTest.wholeNodeJobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.NodeClaimState;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.Plan;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A launch Karpenter reports failed (the NodeClaim deleted before launch, or {@code Launched=Unknown} with a reason)
 * puts the NodeSet on that NodePool in backoff at once and its demand spills, instead of after provisioningTimeout.
 */
class PlannerLaunchFailureTest {
    static final Policy TWO = policy(partition("gpu",
            nodeSetPolicy("first", h100()).pool("p5", NodePoolBinding.Mode.LIMITS),
            nodeSetPolicy("second", h100()).pool("p5-od", NodePoolBinding.Mode.LIMITS)));

    static NodeClaimState failed(String name, String pool, Instant at) {
        return new NodeClaimState(name, pool, NodeClaimState.Phase.FAILED, at.minusSeconds(10), "LaunchFailed", at,
                Map.of());
    }

    @Test
    void aFailedLaunchReleasesThePodWaitingForItAndSpillsWithinTheCycle() {
        Instant asked = NOW.minusSeconds(90);
        var s = wholeNodeJobs(snapshot().nodeSets(booting("first", 2, 2, asked, Optional.of(asked)),
                nodeSet("second", 0)).pools(Fixtures.pool("p5"), Fixtures.pool("p5-od"))
                .claims(failed("p5-abcde", "p5", NOW.minusSeconds(30))), 2).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        NodeSetTarget first = target(plan, "first");
        assertThat(first.desired()).isEqualTo(1);
        assertThat(first.podsToRemove()).containsExactly("first-0");
        assertThat(first.backoff()).hasValueSatisfying(b -> {
            assertThat(b.until()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
            assertThat(b.reason()).contains("1 node(s) lost to failed launches of the NodePool");
        });
        assertThat(target(plan, "second").desired()).isEqualTo(1);
    }

    @Test
    void aFailureOfAnotherPoolOrBeforeThePodWasCreatedIsNotItsFailure() {
        Instant asked = NOW.minusSeconds(90);
        var s = wholeNodeJobs(snapshot().nodeSets(booting("first", 2, 2, asked, Optional.of(asked)),
                nodeSet("second", 0)).pools(Fixtures.pool("p5"), Fixtures.pool("p5-od"))
                .claims(failed("p5-od-abcde", "p5-od", NOW.minusSeconds(30)),
                        failed("p5-older", "p5", asked.minusSeconds(1))), 2).build();
        NodeSetTarget first = target(Planner.plan(s, TWO, NOW), "first");
        assertThat(first.desired()).isEqualTo(2);
        assertThat(first.backoff()).isEmpty();
    }

    @Test
    void eachFailureTakesOneWaitingPodOldestFirst() {
        List<NodeSetPod> pods = List.of(pod("a", false, NOW.minusSeconds(100)), pod("b", false, NOW.minusSeconds(50)),
                pod("c", false, NOW.minusSeconds(10)));
        Instant notBefore = NOW.minus(Duration.ofMinutes(20));
        assertThat(NodeSetCapacity.lostToLaunchFailures(pods, List.of(NOW.minusSeconds(60)), notBefore)).isEqualTo(1);
        assertThat(NodeSetCapacity.lostToLaunchFailures(pods, List.of(NOW.minusSeconds(60), NOW.minusSeconds(5),
                NOW.minusSeconds(4), NOW.minusSeconds(3)), notBefore)).isEqualTo(3);
        assertThat(NodeSetCapacity.lostToLaunchFailures(pods, List.of(NOW.minusSeconds(200)), notBefore)).isZero();
        assertThat(NodeSetCapacity.lostToLaunchFailures(pods, List.of(NOW.minus(Duration.ofMinutes(30))),
                NOW.minus(Duration.ofMinutes(40)))).isZero();
    }
}
