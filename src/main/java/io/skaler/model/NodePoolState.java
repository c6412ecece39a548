package io.skaler.model;

import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A Karpenter NodePool ({@code karpenter.sh/v1}) as observed. Resource amounts are in canonical units:
 * {@code cpu} in cores, {@code memory} in bytes, extended resources ({@code nvidia.com/gpu}) as counts.
 *
 * @param limits              {@code spec.limits}
 * @param usage               {@code status.resources}: what its nodes use now
 * @param staticReplicas      {@code spec.replicas} when the pool is static capacity
 * @param consolidationPolicy {@code spec.disruption.consolidationPolicy}
 * @param doNotDisrupt        {@code karpenter.sh/do-not-disrupt: "true"} on its node template
 * @param paused              {@code skaler.io/paused: "true"}
 */
public record NodePoolState(
        String name,
        Map<String, BigDecimal> limits,
        Map<String, BigDecimal> usage,
        OptionalLong staticReplicas,
        String consolidationPolicy,
        boolean doNotDisrupt,
        boolean paused) {

    public NodePoolState {
        limits = Map.copyOf(limits);
        usage = Map.copyOf(usage);
    }
}
