package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.loop.CycleOutcome;
import io.skaler.loop.LoopStatus;
import io.skaler.loop.PlanApplier;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionPrinterTest {
    static final Instant T = Instant.parse("2026-01-05T08:00:00Z");

    static CycleOutcome cycle(CycleOutcome.Result result, String detail, NodeSetTarget... targets) {
        var plan = new Plan(T, List.of(targets), List.of(), List.of(), List.of(), false, List.of());
        return new CycleOutcome(result, detail, T, Map.of(), Optional.of(plan),
                new PlanApplier.ApplyReport(List.of(), List.of(), List.of()), Optional.empty());
    }

    static NodeSetTarget target(int from, int to, String... reasons) {
        var action = to > from ? NodeSetTarget.Action.SCALE_UP
                : to < from ? NodeSetTarget.Action.SCALE_DOWN : NodeSetTarget.Action.NONE;
        return new NodeSetTarget(new ObjectRef("slurm", "gpu"), "gpu", from, to, action, List.of(), List.of(reasons));
    }

    @Test
    void printsEachChangeWithItsReasonsOnceAndTroubleOnlyWhenItChanges() {
        var bytes = new ByteArrayOutputStream();
        var clock = Clock.fixed(T.plusSeconds(90), ZoneOffset.UTC);
        try (var printer = new DecisionPrinter(() -> LoopStatus.initial(false), new PrintStream(bytes, true),
                s -> "t+" + (s - T.getEpochSecond()), clock, false)) {
            printer.print(cycle(CycleOutcome.Result.OK, "", target(0, 0)));
            printer.print(cycle(CycleOutcome.Result.OK, "", target(0, 4, "1 job(s) x 4 node(s)", "whole node")));
            printer.print(cycle(CycleOutcome.Result.OK, "", target(0, 4, "1 job(s) x 4 node(s)", "whole node")));
            printer.print(cycle(CycleOutcome.Result.STALE, "slurm: connection refused"));
            printer.print(cycle(CycleOutcome.Result.STALE, "slurm: connection refused"));
            printer.print(cycle(CycleOutcome.Result.OK, "", target(4, 4)));
            printer.print(cycle(CycleOutcome.Result.OK, "", target(4, 0, "scale-in: 4 node(s) idle for >= 10m")));
        }
        assertThat(bytes.toString().lines()).containsExactly(
                "t+90  skaler  gpu 0 -> 4 (scale up): 1 job(s) x 4 node(s); whole node",
                "t+90  skaler  holds, cycle STALE: slurm: connection refused",
                "t+90  skaler  cycles succeed again",
                "t+90  skaler  gpu 4 -> 0 (scale down): scale-in: 4 node(s) idle for >= 10m");
    }
}
