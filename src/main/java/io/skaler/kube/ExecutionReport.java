package io.skaler.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the executor did (or, in dry-run, would do) with one plan, step by step. */
public record ExecutionReport(Instant planAt, boolean dryRun, List<Step> steps) {

    public enum Outcome {
        /** written to the API server */
        WRITTEN,
        /** dry-run: this write would have happened */
        WOULD_WRITE,
        /** already as wanted: nothing written */
        UNCHANGED,
        /** {@code skaler.io/paused: "true"}: left alone */
        PAUSED,
        /** scale-in held: the operator cannot drain, or the operator would take a pod that runs jobs */
        HELD,
        /** the API server or a precondition refused the change; nothing was changed */
        REFUSED,
        /** the write failed after retries */
        FAILED,
        /** a condition an operator should know of (consolidation risk) */
        WARNING,
        /** this instance is not the leader */
        NOT_LEADER,
        /** the Kubernetes view is stale */
        STALE,
        /** not begun: the cycle's budget was spent; the next cycle's plan, from a fresh view, decides again */
        DEFERRED
    }

    /** @param kind NodeSet, NodePool or Pod; {@code target} its name (namespace/name for namespaced objects) */
    public record Step(String kind, String target, Outcome outcome, String detail) {
    }

    public ExecutionReport {
        steps = List.copyOf(steps);
    }

    public long count(Outcome o) {
        return steps.stream().filter(s -> s.outcome() == o).count();
    }

    public List<Step> stepsFor(String target) {
        return steps.stream().filter(s -> s.target().equals(target)).toList();
    }

    static final class Builder {
        private final Instant planAt;
        private final boolean dryRun;
        private final List<Step> steps = new ArrayList<>();

        Builder(Instant planAt, boolean dryRun) {
            this.planAt = planAt;
            this.dryRun = dryRun;
        }

        synchronized void add(String kind, String target, Outcome outcome, String detail) {
            steps.add(new Step(kind, target, outcome, detail));
        }

        ExecutionReport build() {
            return new ExecutionReport(planAt, dryRun, steps);
        }
    }
}
