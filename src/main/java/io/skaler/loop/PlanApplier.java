package io.skaler.loop;

import io.skaler.kube.ExecutionContext;
import io.skaler.model.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies a plan (the Kubernetes executor); decides nothing itself. */
public interface PlanApplier {
    /** {@code context} is the executor's own: the loop hands it what the cycle knows, unchanged. */
    ApplyReport apply(Plan plan, ExecutionContext context);

    /**
     * What the applier did: writes made (or that dry-run would make), actions held and why, and failures, as lines a
     * person reads; {@code effects} is the same per object ({@code "NodeSet ns/name"}, {@code "NodePool name"}) for
     * the metrics.
     */
    record ApplyReport(List<String> applied, List<String> held, List<String> failed, Map<String, Effect> effects) {
        public ApplyReport {
            applied = List.copyOf(applied);
            held = List.copyOf(held);
            failed = List.copyOf(failed);
            effects = Map.copyOf(effects);
        }

        public ApplyReport(List<String> applied, List<String> held, List<String> failed) {
            this(applied, held, failed, Map.of());
        }

        public Optional<Effect> effectOn(String kind, String target) {
            return Optional.ofNullable(effects.get(kind + " " + target));
        }

        public static ApplyReport nothing() {
            return new ApplyReport(List.of(), List.of(), List.of());
        }
    }

    /**
     * What became of one object: written (or would be, in dry-run), held back, or failed. The executor reports each
     * step ({@link io.skaler.kube.ExecutionReport.Outcome}, eleven kinds); the metrics need only these three per
     * object, and {@link CycleOutcome.Result} is the cycle's, not an object's.
     */
    enum Effect { CHANGED, HELD, FAILED }
}
