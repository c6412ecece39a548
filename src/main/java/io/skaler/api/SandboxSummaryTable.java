package io.skaler.api;

import io.skaler.sandbox.SandboxSummary;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The sandbox summary as a small aligned table, one column per autoscaler. */
final class SandboxSummaryTable {
    private SandboxSummaryTable() {
    }

    private record Row(String label, Function<SandboxSummary, String> value) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("jobs run", s -> Long.toString(s.jobsRun())),
            new Row("jobs killed by scale-in", s -> Long.toString(s.jobsKilled())),
            new Row("mean / p95 wait (s)", s -> f(s.meanWaitSeconds()) + " / " + f(s.p95WaitSeconds())),
            new Row("submit-to-scale (need met) p50 / p99 (s)",
                    s -> f(s.submitToScaleP50Seconds()) + " / " + f(s.submitToScaleP99Seconds()) + " ("
                            + s.latencyClock() + ")"),
            new Row("  jobs timed / never answered", s -> s.submitToScaleJobs() + " / " + s.submitToScaleUnanswered()),
            new Row("first scale-up (any size) p50 / p99 (s)",
                    s -> f(s.firstScaleUpP50Seconds()) + " / " + f(s.firstScaleUpP99Seconds()) + " ("
                            + s.latencyClock() + ")"),
            new Row("reaction per scale-up p50 / p99 (s)", s -> f(s.reactionP50Seconds()) + " / " + f(s.reactionP99Seconds())),
            new Row("GPU-node hours provisioned / busy / idle",
                    s -> f(s.gpuNodeHoursProvisioned()) + " / " + f(s.gpuNodeHoursBusy()) + " / "
                            + f(s.gpuNodeHoursIdle())),
            new Row("node-hours over / under need",
                    s -> f(s.overProvisionedNodeHours()) + " / " + f(s.underProvisionedNodeHours())),
            new Row("capacity failures handled", s -> Long.toString(s.capacityFailures())),
            new Row("multi-node jobs under-provisioned", s -> Long.toString(s.multiNodeJobsUnderProvisioned())),
            new Row("--begin / afterok / reservation jobs run / wait at eligibility p50 / p95 (s)", s -> s.waitAtEligibilityJobs() + " / "
                    + f(s.waitAtEligibilityP50Seconds()) + " / " + f(s.waitAtEligibilityP95Seconds())),
            new Row("wait at eligibility by kind: jobs: p50/p95 (s)", SandboxSummary::waitAtEligibilityByKindText),
            new Row("node-hours idle ahead of --begin / afterok / reservation jobs", s -> f(s.idleAheadNodeHours())),
            new Row("scale-ups / scale-downs", s -> s.scaleUps() + " / " + s.scaleDowns()),
            new Row("virtual hours replayed", s -> f(s.virtualHours())));

    static String render(SandboxSummary main, Optional<SandboxSummary> other) {
        var sb = new StringBuilder();
        int w = ROWS.stream().mapToInt(r -> r.label().length()).max().orElse(10) + 2;
        sb.append(String.format("%-" + w + "s%-40s%s%n", "summary", main.autoscaler(), other.map(SandboxSummary::autoscaler).orElse("")));
        for (Row r : ROWS) {
            sb.append(String.format("%-" + w + "s%-40s%s%n", r.label(), r.value().apply(main),
                    other.map(r.value()).orElse("")));
        }
        return sb.toString().stripTrailing();
    }

    private static String f(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
