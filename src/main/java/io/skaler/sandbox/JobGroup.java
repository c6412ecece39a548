package io.skaler.sandbox;

import java.time.Duration;

/**
 * One line of a workload: {@code count} copies of a job, the first at {@code start}, then one every {@code every}
 * (or, when {@code every} is zero, spread evenly over {@code over}); each runs {@code runtime} plus or minus
 * {@code runtimeJitter} (a fraction). With {@code afterOk} naming an earlier group, the i-th copy is submitted with
 * {@code --dependency=afterok:} the i-th job of that group (checked by {@link Workload}).
 */
public record JobGroup(String name, Duration start, int count, Duration every, Duration over, JobRequest template,
        double runtimeJitter, String afterOk) {
    public JobGroup(String name, Duration start, int count, Duration every, Duration over, JobRequest template,
            double runtimeJitter) {
        this(name, start, count, every, over, template, runtimeJitter, "");
    }

    public JobGroup {
        if (count < 1) {
            throw new IllegalArgumentException("jobs." + name + ".count must be >= 1");
        }
        if (runtimeJitter < 0 || runtimeJitter >= 1) {
            throw new IllegalArgumentException("jobs." + name + ".runtimeJitter must be within [0, 1)");
        }
    }

    /** When the {@code i}-th copy is submitted, from the workload's start. */
    Duration offset(int i) {
        if (!every.isZero()) {
            return start.plus(every.multipliedBy(i));
        }
        return count == 1 ? start : start.plus(over.multipliedBy(i).dividedBy(count));
    }
}
