package io.skaler.loop;

import io.skaler.metrics.Labels;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one cycle did. {@code plan} is present when a plan was computed (also by a follower or in dry-run);
 * {@code report} says what was applied or held; {@code kube} is the Kubernetes view the plan was made from.
 *
 * @param phases      time spent per phase ({@code fetch}, {@code plan}, {@code apply})
 * @param staleSource the source that made a {@link Result#STALE} cycle hold; empty for every other result
 */
public record CycleOutcome(
        Result result,
        String detail,
        Instant startedAt,
        Map<String, Duration> phases,
        Optional<Plan> plan,
        PlanApplier.ApplyReport report,
        Optional<KubeSnapshot> kube,
        Optional<Labels.Source> staleSource) {

    public enum Result {
        /** Plan computed and applied (or nothing to do). */
        OK,
        /** Plan computed but flagged partial (time budget): applied without any scale-down. */
        PARTIAL,
        /** Plan computed but not applied: this instance is not the leader. */
        FOLLOWER,
        /** No action: a source was unavailable, stale or partial. Capacity held where it is. */
        STALE,
        /** No action: no valid policy has been accepted yet. */
        NO_POLICY,
        /** No action: the cycle ran out of time before applying. */
        TIMEOUT,
        /** No action: an unexpected error; the next cycle starts from observed state again. */
        ERROR
    }

    public CycleOutcome {
        phases = Map.copyOf(phases);
    }

    /** An outcome that is not {@link Result#STALE}. */
    public CycleOutcome(Result result, String detail, Instant startedAt, Map<String, Duration> phases,
            Optional<Plan> plan, PlanApplier.ApplyReport report, Optional<KubeSnapshot> kube) {
        this(result, detail, startedAt, phases, plan, report, kube, Optional.empty());
    }

    public boolean successful() {
        return result == Result.OK || result == Result.PARTIAL || result == Result.FOLLOWER;
    }
}
