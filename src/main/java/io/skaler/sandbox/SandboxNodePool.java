package io.skaler.sandbox;

import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A Karpenter NodePool of the sandbox and the one instance type it launches.
 *
 * @param capacity        what one machine brings, in Kubernetes resource names and canonical units
 *                        ({@code cpu} cores, {@code memory} bytes, {@code nvidia.com/gpu}, {@code aws.amazon.com/neuron})
 * @param limits          {@code spec.limits} it starts with (same units); launches never go beyond them
 * @param staticReplicas  {@code spec.replicas} for a static pool, empty for a dynamic one
 */
public record SandboxNodePool(String name, String instanceType, Map<String, BigDecimal> capacity,
        Map<String, BigDecimal> limits, OptionalLong staticReplicas) {
    public SandboxNodePool {
        capacity = Map.copyOf(capacity);
        limits = Map.copyOf(limits);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("nodePool: name must not be blank");
        }
    }
}
