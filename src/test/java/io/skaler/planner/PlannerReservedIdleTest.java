package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.withState;
import static io.skaler.planner.PlannerScaleInTest.cluster;
import static io.skaler.planner.PlannerScaleInTest.plan;
import static io.skaler.planner.PlannerWaitsAheadTest.reservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Scale-in keeps an idle node that a reservation names while jobs wait for it, from the moment the reservation enters
 * the look-ahead to its end: removing it would only turn the reservation's node into a placeholder launched again for
 * the same jobs. A reservation no job waits for, one further out, a FLEX one or one that ended keeps nothing.
 */
class PlannerReservedIdleTest {
    static final Instant SOON = NOW.plus(Duration.ofMinutes(5));

    static Fixtures.JobBuilder waiting(long id, String reservation) {
        return Fixtures.job(id).gresPerNode("gpu", 8).reservation(reservation).blocked("Reservation");
    }

    @Test
    void anIdleNodeOfAReservationStartingWithinTheLookAheadThatAJobWaitsForStays() {
        NodeSetTarget t = plan(cluster(60, 30).reservations(reservation("team", SOON, "w-0"))
                .jobs(waiting(7, "team")), PlannerScaleInTest.gpu());
        assertThat(t.podsToRemove()).containsExactly("w-1");
        assertThat(t.desired()).isEqualTo(1);
        assertThat(t.reasons()).contains("scale-in keeps idle node(s) w-0: reservation team starts at "
                + SOON + ", within look-ahead 10m, and job 7 waits for it");
    }

    @Test
    void anIdleReservedNodeStaysWhileTheReservationRunsAndJobsWaitForIt() {
        var s = cluster(60, 60, 30).reservations(reservation("team", NOW.minus(Duration.ofMinutes(20)), "w-0", "w-1"))
                .jobs(waiting(7, "team"), waiting(9, "team"), waiting(9, "team"));
        s.nodes.replaceAll(n -> n.name().equals("w-2") ? n : withState(n, "IDLE", "RESERVED"));
        NodeSetTarget t = plan(s, PlannerScaleInTest.gpu());
        assertThat(t.podsToRemove()).containsExactly("w-2");
        assertThat(t.reasons()).contains("scale-in keeps idle node(s) w-0,w-1: reservation team started at "
                + NOW.minus(Duration.ofMinutes(20)) + " and jobs 7 and 1 more wait for it");
    }

    @Test
    void aReservationBeyondTheLookAheadNoJobWaitsForOnlyHeldJobsWaitForFlexOrEndedKeepsNothing() {
        Instant later = NOW.plus(Duration.ofMinutes(30));
        Reservation flex = new Reservation("flex", SOON.getEpochSecond(), SOON.plus(Duration.ofHours(1))
                .getEpochSecond(), List.of("w-2"), 1, "", List.of("alice"), List.of(), Set.of("SPEC_NODES", "FLEX"));
        Reservation ended = new Reservation("ended", NOW.minus(Duration.ofHours(2)).getEpochSecond(),
                NOW.minus(Duration.ofHours(1)).getEpochSecond(), List.of("w-3"), 1, "", List.of(), List.of(), Set.of());
        NodeSetTarget t = plan(cluster(60, 50, 40, 30, 20).reservations(reservation("later", later, "w-0"),
                        reservation("maint", SOON, "w-1"), flex, ended, reservation("held", SOON, "w-4"))
                .jobs(waiting(7, "later"), waiting(8, "flex"), waiting(9, "ended"),
                        waiting(10, "held").blocked("JobHeldUser")), PlannerScaleInTest.gpu());
        assertThat(t.podsToRemove()).containsExactly("w-0", "w-1", "w-2", "w-3", "w-4");
        assertThat(t.reasons()).noneMatch(r -> r.startsWith("scale-in keeps"));
    }

    @Test
    void theLookAheadIsTheNodeSetsOwn() {
        var s = cluster(60).reservations(reservation("team", NOW.plus(Duration.ofMinutes(25)), "w-0"))
                .jobs(waiting(7, "team"));
        assertThat(plan(s, PlannerScaleInTest.gpu()).podsToRemove()).as("10m look-ahead").containsExactly("w-0");
        NodeSetTarget t = plan(s, PlannerScaleInTest.gpu().bootTime(Duration.ofMinutes(30)));
        assertThat(t.podsToRemove()).as("boot time 30m: look-ahead auto is 30m").isEmpty();
        assertThat(t.action()).isEqualTo(Action.NONE);
    }

    @Test
    void aboveMaxReplicasTheReservedIdleNodeStaysToo() {
        NodeSetTarget t = plan(cluster(60, 30).reservations(reservation("team", SOON, "w-0"))
                .jobs(waiting(7, "team")), PlannerScaleInTest.gpu().max(1));
        assertThat(t.podsToRemove()).containsExactly("w-1");
        assertThat(t.reasons()).anyMatch(r -> r.startsWith("scale-in keeps idle node(s) w-0: reservation team"));
    }
}
