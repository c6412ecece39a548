package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.snapshot;
import static io.skaler.planner.PlannerInFlightTest.TWO;
import static io.skaler.planner.PlannerInFlightTest.booting;
import static io.skaler.planner.PlannerLimitsTest.wholeNodeJobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.NodeSetReport;
import io.skaler.model.Plan;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan's account of each NodeSet (what the metrics and alerts read) says what the planner saw. */
class PlannerNodeSetReportTest {

    static NodeSetReport report(Plan plan, String nodeSet) {
        return plan.nodeSets().stream().filter(r -> r.nodeSet().name().equals(nodeSet)).findFirst().orElseThrow();
    }

    @Test
    void demandNoNodeSetHasRoomForIsUnservedOnEveryNodeSetAtMaxThatFitsIt() {
        Policy p = policy(partition("gpu", nodeSetPolicy("first", h100()).max(3),
                nodeSetPolicy("second", h100()).max(4)));
        Plan plan = Planner.plan(wholeNodeJobs(snapshot().nodeSets(nodeSet("first", 0), nodeSet("second", 0)), 10)
                .build(), p, NOW);

        assertThat(report(plan, "first").atMax()).isTrue();
        assertThat(report(plan, "second").atMax()).isTrue();
        assertThat(report(plan, "first").unservedGres()).isEqualTo(Map.of("gpu", 24L)); // 3 jobs x 8 GPUs left
        assertThat(report(plan, "second").unservedGres()).isEqualTo(Map.of("gpu", 24L));
    }

    @Test
    void demandThatSpillsAndIsServedByTheNextNodeSetIsNotUnserved() {
        Policy p = policy(partition("gpu", nodeSetPolicy("first", h100()).max(3),
                nodeSetPolicy("second", h100()).max(10)));
        Plan plan = Planner.plan(wholeNodeJobs(snapshot().nodeSets(nodeSet("first", 0), nodeSet("second", 0)), 10)
                .build(), p, NOW);

        assertThat(report(plan, "first").atMax()).isTrue();
        assertThat(report(plan, "first").unservedGres()).isEmpty();
        assertThat(report(plan, "second").atMax()).isFalse();
        assertThat(report(plan, "second").unservedGres()).isEmpty();
    }

    @Test
    void bootingPodsAreInFlightSinceTheOldestWasCreated() {
        var s = wholeNodeJobs(snapshot().nodeSets(
                booting("first", 3, 3, NOW.minusSeconds(120), Optional.of(NOW.minusSeconds(100))),
                nodeSet("second", 0)), 3).build();
        NodeSetReport r = report(Planner.plan(s, TWO, NOW), "first");

        assertThat(r.inFlight()).isEqualTo(3);
        assertThat(r.failedToArrive()).isZero();
        assertThat(r.inFlightSince()).contains(NOW.minusSeconds(120));
        assertThat(report(Planner.plan(s, TWO, NOW), "second").inFlightSince()).isEmpty();
    }

    @Test
    void replicasWithoutPodsAreInFlightSinceTheScaleUp() {
        var s = wholeNodeJobs(snapshot().nodeSets(
                booting("first", 4, 0, NOW, Optional.of(NOW.minusSeconds(60))), nodeSet("second", 0)), 4).build();
        NodeSetReport r = report(Planner.plan(s, TWO, NOW), "first");

        assertThat(r.inFlight()).isEqualTo(4);
        assertThat(r.inFlightSince()).contains(NOW.minusSeconds(60));
    }

    @Test
    void capacityPastTheProvisioningTimeoutStaysInFlightAsFailedAndBacksOff() {
        var old = NOW.minus(Duration.ofHours(2));
        var s = wholeNodeJobs(snapshot().nodeSets(booting("first", 2, 2, old, Optional.of(old)),
                nodeSet("second", 0)), 2).build();
        NodeSetReport r = report(Planner.plan(s, TWO, NOW), "first");

        assertThat(r.inFlight()).isEqualTo(2);
        assertThat(r.failedToArrive()).isEqualTo(2);
        assertThat(r.inFlightSince()).contains(old);
        assertThat(r.inBackoff()).isTrue();
    }
}
