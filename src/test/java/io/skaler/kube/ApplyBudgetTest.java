package io.skaler.kube;

import static io.skaler.kube.Fixtures.plan;
import static io.skaler.kube.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.ExecutionReport.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The executor stops beginning targets once the cycle's budget is spent (writes are rate-limited, so a plan for
 * hundreds of NodeSets would otherwise outlast its cycle and be applied on an ever older view): those targets are
 * held for the next cycle's fresh plan and nothing is written for them.
 */
class ApplyBudgetTest extends ExecutorTestBase {

    @Test
    void withTheBudgetSpentNothingIsBegunAndEveryTargetIsHeldForTheNextCycle() throws Exception {
        var ctx = new ExecutionContext(false, Set.of(), Optional.of(Duration.ZERO));

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 5, List.of())), List.of()), ctx);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.DEFERRED);
            assertThat(s.detail()).isEqualTo("cycle budget spent: left for the next cycle");
        });
        assertThat(objectWrites()).isEmpty();
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
    }

    @Test
    void withinTheBudgetTheTargetIsApplied() throws Exception {
        var ctx = new ExecutionContext(false, Set.of(), Optional.of(Duration.ofMinutes(1)));

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 5, List.of())), List.of()), ctx);

        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN);
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(5);
    }
}
