package io.skaler.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.OperatorDeletionOrder.Phase;
import io.skaler.model.OperatorDeletionOrder.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * slurm-operator's victim order, one row per step of {@code ActivePods.Less} (internal/controller/nodeset/utils/
 * sort.go, v0.4.1 to chart slurm-1.3.0-rc1): the two pods tie on every earlier step, differ in the row's own key,
 * and the keys after it favour the second pod wherever they can, so only the row's key decides.
 */
class OperatorDeletionOrderTest {
    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    private static Pod pod(String name, boolean assigned, Phase phase, boolean ready, int cost,
            Optional<Instant> deadline, boolean cordoned, Optional<Instant> readySince, Optional<Instant> created) {
        return new Pod(name, assigned, phase, ready, cost, deadline, cordoned, OperatorDeletionOrder.ordinal(name),
                readySince, created);
    }

    private static final Optional<Instant> NONE = Optional.empty();
    private static final Optional<Instant> AT_T = Optional.of(T);
    private static final Optional<Instant> LATER = Optional.of(T.plusSeconds(60));

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of("unassigned < assigned",
                        pod("a-0", false, Phase.RUNNING, true, 5, LATER, false, AT_T, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, 0, NONE, true, LATER, LATER)),
                Arguments.of("Pending < Running",
                        pod("a-0", true, Phase.PENDING, true, 5, LATER, false, AT_T, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, 0, NONE, true, LATER, LATER)),
                Arguments.of("Unknown < Running",
                        pod("a-0", true, Phase.UNKNOWN, true, 5, LATER, false, AT_T, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, 0, NONE, true, LATER, LATER)),
                Arguments.of("Pending < Unknown",
                        pod("a-0", true, Phase.PENDING, true, 5, LATER, false, AT_T, AT_T),
                        pod("a-1", true, Phase.UNKNOWN, true, 0, NONE, true, LATER, LATER)),
                Arguments.of("not ready < ready, whatever the deletion cost",
                        pod("a-0", true, Phase.RUNNING, false, 5, LATER, false, NONE, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, -1000, NONE, true, LATER, LATER)),
                Arguments.of("lower deletion cost < higher",
                        pod("a-0", true, Phase.RUNNING, true, -1, LATER, false, AT_T, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, 0, NONE, true, LATER, LATER)),
                Arguments.of("no deadline < a deadline",
                        pod("a-0", true, Phase.RUNNING, true, 0, NONE, false, AT_T, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, 0, AT_T, true, LATER, LATER)),
                Arguments.of("earlier deadline < later",
                        pod("a-0", true, Phase.RUNNING, true, 0, AT_T, false, AT_T, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, 0, LATER, true, LATER, LATER)),
                Arguments.of("cordoned < not cordoned",
                        pod("a-0", true, Phase.RUNNING, true, 0, NONE, true, AT_T, AT_T),
                        pod("a-1", true, Phase.RUNNING, true, 0, NONE, false, LATER, LATER)),
                Arguments.of("higher ordinal < lower",
                        pod("a-7", true, Phase.RUNNING, true, 0, NONE, false, AT_T, AT_T),
                        pod("a-3", true, Phase.RUNNING, true, 0, NONE, false, LATER, LATER)),
                Arguments.of("both ready: ready more recently < longer",
                        pod("x", true, Phase.RUNNING, true, 0, NONE, false, LATER, AT_T),
                        pod("y", true, Phase.RUNNING, true, 0, NONE, false, AT_T, LATER)),
                Arguments.of("both ready: no ready time < a ready time",
                        pod("x", true, Phase.RUNNING, true, 0, NONE, false, NONE, AT_T),
                        pod("y", true, Phase.RUNNING, true, 0, NONE, false, AT_T, LATER)),
                Arguments.of("newer < older",
                        pod("x", true, Phase.RUNNING, false, 0, NONE, false, NONE, LATER),
                        pod("y", true, Phase.RUNNING, false, 0, NONE, false, NONE, AT_T)),
                Arguments.of("no creation time < any",
                        pod("x", true, Phase.RUNNING, false, 0, NONE, false, NONE, NONE),
                        pod("y", true, Phase.RUNNING, false, 0, NONE, false, NONE, LATER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void theFirstPodGoesFirst(String step, Pod first, Pod second) {
        assertThat(OperatorDeletionOrder.FIRST_DELETED.compare(first, second)).as(step).isNegative();
        assertThat(OperatorDeletionOrder.FIRST_DELETED.compare(second, first)).as(step).isPositive();
        assertThat(OperatorDeletionOrder.victims(List.of(second, first), 1)).containsExactly(first);
    }

    @Test
    void aNotReadyPodGoesBeforeTheIdlePodMarkedWithTheLowestCost() {
        var marked = pod("gpu-1", true, Phase.RUNNING, true, -1000, NONE, false, AT_T, AT_T);
        var booting = pod("gpu-5", true, Phase.RUNNING, false, 0, NONE, false, NONE, AT_T);
        var busy = pod("gpu-0", true, Phase.RUNNING, true, 0, LATER, false, AT_T, AT_T);
        assertThat(OperatorDeletionOrder.victims(List.of(busy, marked, booting), 2)).containsExactly(booting, marked);
    }

    @Test
    void annotationsAreReadAsTheOperatorReadsThem() {
        assertThat(OperatorDeletionOrder.cost("-1000")).isEqualTo(-1000);
        assertThat(OperatorDeletionOrder.cost("0")).isZero();
        assertThat(OperatorDeletionOrder.cost("+5")).isZero();
        assertThat(OperatorDeletionOrder.cost("007")).isZero();
        assertThat(OperatorDeletionOrder.cost("3000000000")).isZero();
        assertThat(OperatorDeletionOrder.cost(null)).isZero();
        assertThat(OperatorDeletionOrder.parseBool("True")).isTrue();
        assertThat(OperatorDeletionOrder.parseBool("yes")).isFalse();
        assertThat(OperatorDeletionOrder.ordinal("slurm-worker-gpu-12")).isEqualTo(12);
        assertThat(OperatorDeletionOrder.ordinal("slurm-worker-gpu")).isEqualTo(-1);
        assertThat(Phase.of("Failed")).isEqualTo(Phase.PENDING);
        assertThat(Phase.of("Unknown")).isEqualTo(Phase.UNKNOWN);
    }
}
