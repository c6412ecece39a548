package io.skaler.loop;

import io.skaler.model.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Applies a plan (the Kubernetes executor); decides nothing itself. */
public interface PlanApplier {
    ApplyReport apply(Plan plan, ApplyContext context);

    /**
     * @param dryRun          compute and report, write nothing
     * @param busySlurmNodes  Slurm nodes that run or finish jobs now; replicas never go below the pods hosting them
     * @param timeLeft        what is left of the cycle's budget for applying; empty: no bound
     */
    record ApplyContext(boolean dryRun, Set<String> busySlurmNodes, Optional<Duration> timeLeft) {
        public ApplyContext {
            busySlurmNodes = Set.copyOf(busySlurmNodes);
        }

        public ApplyContext(boolean dryRun, Set<String> busySlurmNodes) {
            this(dryRun, busySlurmNodes, Optional.empty());
        }
    }

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

    /** What became of one object: written (or would be, in dry-run), held back, or failed. */
    enum Effect { CHANGED, HELD, FAILED }
}
