package io.skaler.planner;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * NodePool limits and machines, as Karpenter counts them (docs/upstream.md, "Karpenter", limits): the scheduler starts
 * from {@code spec.limits}, subtracts the capacity of each machine the pool has or launches, and launches a machine
 * only if, for every limited resource, its capacity is not greater than what remains
 * ({@code filterByRemainingResources}, pkg/controllers/provisioning/scheduling/scheduler.go). Pure.
 */
public final class MachineLimits {
    /** No pool is asked for more machines than this; it also stops the count when a machine has none of a limit. */
    static final long MANY = 100_000;

    private MachineLimits() {
    }

    /** Limits that admit exactly {@code machines} machines of {@code machine}: each resource it brings, times n. */
    public static Map<String, BigDecimal> limitsFor(long machines, Map<String, BigDecimal> machine) {
        var out = new TreeMap<String, BigDecimal>();
        machine.forEach((resource, amount) -> {
            if (amount.signum() > 0) {
                out.put(resource, amount.multiply(BigDecimal.valueOf(machines)));
            }
        });
        return out;
    }

    /**
     * How many machines of {@code machine} Karpenter launches into an empty pool under {@code limits}: machine after
     * machine while each fits what remains ({@code nodes}, a machine count, from Karpenter v1.11.0 on). At most
     * {@link #MANY}.
     */
    public static long admitted(Map<String, BigDecimal> limits, Map<String, BigDecimal> machine) {
        var remaining = new TreeMap<>(limits);
        long n = 0;
        while (n < MANY) {
            for (var e : remaining.entrySet()) {
                BigDecimal need = e.getKey().equals("nodes") ? BigDecimal.ONE
                        : machine.getOrDefault(e.getKey(), BigDecimal.ZERO);
                if (need.compareTo(e.getValue()) > 0) {
                    return n;
                }
            }
            remaining.replaceAll((resource, left) -> left.subtract(resource.equals("nodes") ? BigDecimal.ONE
                    : machine.getOrDefault(resource, BigDecimal.ZERO)));
            n++;
        }
        return n;
    }
}
