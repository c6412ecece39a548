package io.skaler.loop;

import io.skaler.kube.ExecutionContext;
import io.skaler.kube.ExecutionReport;
import io.skaler.kube.PlanExecutor;
import io.skaler.model.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Kubernetes executor as the loop's applier; its steps are sorted into applied, held and failed. */
final class ExecutorApplier implements PlanApplier {
    private final PlanExecutor executor;

    ExecutorApplier(PlanExecutor executor) {
        this.executor = executor;
    }

    @Override
    public ApplyReport apply(Plan plan, ExecutionContext context) {
        ExecutionReport report = executor.apply(plan, context);
        List<String> applied = new ArrayList<>();
        List<String> held = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, Effect> effects = new HashMap<>();
        for (var step : report.steps()) {
            String line = step.kind() + " " + step.target() + ": " + step.outcome() + " " + step.detail();
            String object = step.kind() + " " + step.target();
            switch (step.outcome()) {
                case WRITTEN, WOULD_WRITE -> {
                    applied.add(line);
                    effects.putIfAbsent(object, Effect.CHANGED);
                }
                case HELD, PAUSED, NOT_LEADER, STALE -> {
                    held.add(line);
                    effects.put(object, Effect.HELD);
                }
                // not an effect: nothing was tried; the next cycle plans this object again
                case WARNING, DEFERRED -> held.add(line);
                case REFUSED, FAILED -> {
                    failed.add(line);
                    effects.put(object, Effect.FAILED);
                }
                case UNCHANGED -> { }
            }
        }
        return new ApplyReport(applied, held, failed, effects);
    }
}
