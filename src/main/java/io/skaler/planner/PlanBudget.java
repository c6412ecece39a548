package io.skaler.planner;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long one planning run may take. The clock is passed in as data (a nanosecond ticker) so the planner stays a
 * pure function under test: a test hands it a ticker that advances per call and gets the same partial plan every time.
 * Out of time means a safe partial plan (scale-up from what was packed so far, never a shrink), as Karpenter's
 * one-minute Solve timeout and cluster-autoscaler's EstimationLimiter bound their cycles.
 */
public record PlanBudget(LongSupplier ticker, long limitNanos) {
    public static final PlanBudget UNLIMITED = new PlanBudget(() -> 0L, Long.MAX_VALUE);

    public PlanBudget {
        if (limitNanos <= 0) {
            throw new IllegalArgumentException("plan budget must be positive, got " + limitNanos + " ns");
        }
    }

    public static PlanBudget of(Duration limit, LongSupplier ticker) {
        return new PlanBudget(ticker, limit.toNanos());
    }

    /** Starts the budget's stopwatch: read the ticker once now, compare against it later. */
    Stopwatch start() {
        return new Stopwatch(this, ticker.getAsLong());
    }

    /** One running budget. */
    static final class Stopwatch {
        private final PlanBudget budget;
        private final long startedAt;
        private boolean exhausted;

        private Stopwatch(PlanBudget budget, long startedAt) {
            this.budget = budget;
            this.startedAt = startedAt;
        }

        /** True once the budget is spent; stays true so a plan is partial from the first miss on. */
        boolean exhausted() {
            if (!exhausted && budget.limitNanos != Long.MAX_VALUE) {
                exhausted = budget.ticker.getAsLong() - startedAt > budget.limitNanos;
            }
            return exhausted;
        }
    }
}
