package io.skaler.loop;

import io.skaler.model.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Applies a plan (the Kubernetes executor); decides nothing itself. */
public interface PlanApplier {
    ApplyReport apply(Plan plan, ApplyContext context);

    /**
     * @param dryRun          compute and report, write nothing
     * @param slurmReachable  Slurm answered this cycle; without it the operator cannot drain, so scale-in is held
     * @param busySlurmNodes  Slurm nodes that run or finish jobs now; replicas never go below the pods hosting them
     * @param timeLeft        what is left of the cycle's budget for applying; empty: no bound
     */
    record ApplyContext(boolean dryRun, boolean slurmReachable, Set<String> busySlurmNodes,
            Optional<Duration> timeLeft) {
        public ApplyContext {
            busySlurmNodes = Set.copyOf(busySlurmNodes);
        }

        public ApplyContext(boolean dryRun, boolean slurmReachable, Set<String> busySlurmNodes) {
            this(dryRun, slurmReachable, busySlurmNodes, Optional.empty());
        }
    }

    /** What the applier did: writes made (or that dry-run would make), actions held and why, and failures. */
    record ApplyReport(List<String> applied, List<String> held, List<String> failed) {
        public ApplyReport {
            applied = List.copyOf(applied);
            held = List.copyOf(held);
            failed = List.copyOf(failed);
        }

        public static ApplyReport nothing() {
            return new ApplyReport(List.of(), List.of(), List.of());
        }
    }
}
