package io.skaler.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What skaler wants of one Karpenter NodePool.
 *
 * @param limits   for {@code LIMITS}: the {@code spec.limits} entries to set (resource name to amount, canonical units);
 *                 the executor never lowers a limit below current usage
 * @param replicas for {@code STATIC}: {@code spec.replicas}
 */
public record NodePoolTarget(
        String name,
        Mode mode,
        Map<String, BigDecimal> limits,
        OptionalLong replicas,
        List<String> reasons) {

    public enum Mode { LIMITS, STATIC, NONE }

    public NodePoolTarget {
        limits = Map.copyOf(limits);
        reasons = List.copyOf(reasons);
    }
}
