package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.pool;
import static io.skaler.planner.Fixtures.snapshot;
import static io.skaler.planner.PlannerDemandTest.target;
import static io.skaler.planner.PlannerLimitsTest.wholeNodeJobs;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.NamespaceCoverage;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.Plan;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.Policy;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A NodeSet in a namespace the view cannot see is unknown, not gone (issue 18, point 2): it is held with the reason,
 * and the NodePool it shares gets no target, so limits computed without its nodes never lower the pool.
 */
class PlannerUnseenNamespaceTest {
    private final Policy policy = policy(partition("gpu",
            nodeSetPolicy("a", h100()).pool("p5", NodePoolBinding.Mode.LIMITS)));

    @Test
    void aNodeSetTheViewCannotSeeIsHeldAndItsPoolKeepsItsLimits() {
        var s = wholeNodeJobs(snapshot().pools(pool("p5"))
                .coverage(NamespaceCoverage.of(Set.of("elsewhere"))), 3).build();

        Plan plan = Planner.plan(s, policy, NOW);

        assertThat(target(plan, "a").action()).isEqualTo(Action.HOLD);
        assertThat(target(plan, "a").reasons()).singleElement().asString().contains("cannot be seen")
                .contains("namespace slurm is not watched").contains("rbac.slurmNamespaces");
        assertThat(plan.nodePools()).isEmpty();
        assertThat(plan.warnings()).anyMatch(w -> w.contains("namespace slurm is not watched"))
                .anyMatch(w -> w.contains("NodePool p5") && w.contains("limits stay"));
    }

    @Test
    void aRefusedNamespaceIsNamedWithTheApiServersAnswer() {
        var s = snapshot().pools(pool("p5")).coverage(new NamespaceCoverage(false, Set.of("slurm"),
                Map.of("slurm", "403 forbidden"))).build();

        Plan plan = Planner.plan(s, policy, NOW);

        assertThat(target(plan, "a").reasons()).singleElement().asString().contains("refuses")
                .contains("403 forbidden");
        assertThat(plan.nodePools()).isEmpty();
    }

    @Test
    void aNodeSetMissingFromAWatchedNamespaceIsStillNotFoundAndItsPoolSized() {
        // the contrast: seen namespace, no NodeSet -> "not found", and the pool is sized without it (as before)
        var s = wholeNodeJobs(snapshot().pools(pool("p5")).coverage(NamespaceCoverage.of(Set.of("slurm"))), 3)
                .build();

        Plan plan = Planner.plan(s, policy, NOW);

        assertThat(target(plan, "a").reasons()).anyMatch(r -> r.contains("not found in Kubernetes"));
        assertThat(plan.nodePools()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("p5"));
    }

    @Test
    void seenNodeSetsBesideAnUnseenOneAreStillPlanned() {
        Policy two = policy(partition("gpu", nodeSetPolicy("a", h100()).max(10)));
        var s = wholeNodeJobs(snapshot().nodeSets(nodeSet("a", 0)).coverage(NamespaceCoverage.of(Set.of("slurm"))),
                2).build();
        assertThat(target(Planner.plan(s, two, NOW), "a").desired()).isEqualTo(2);
    }
}
