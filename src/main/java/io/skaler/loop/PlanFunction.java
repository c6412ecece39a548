package io.skaler.loop;

import io.skaler.model.Plan;
import io.skaler.model.Snapshot;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;

/** The pure planner as the loop calls it, with the cycle's time budget for planning. */
@FunctionalInterface
public interface PlanFunction {
    Plan plan(Snapshot snapshot, Policy policy, Instant now, Duration budget);
}
