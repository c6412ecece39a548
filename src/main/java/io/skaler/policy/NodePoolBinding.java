package io.skaler.policy;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The Karpenter NodePool that brings this NodeSet's machines, and how skaler may touch it:
 * {@code LIMITS} raises {@code spec.limits}, {@code STATIC} sets {@code spec.replicas}, {@code NONE} leaves it alone.
 * {@code name} is {@code ""} when no NodePool is bound (mode {@code NONE}).
 *
 * @param machine what one machine of the pool brings, by Kubernetes resource name in canonical units ({@code cpu}
 *                cores, {@code memory} bytes, extended resources as counts): what NodePool limits count, as opposed
 *                to the Slurm node ({@code node}), which is what slurmd registers. Empty when not given: then it is
 *                learned from the pool's NodeClaims
 */
public record NodePoolBinding(String name, Mode mode, Map<String, BigDecimal> machine) {
    public enum Mode { LIMITS, STATIC, NONE }

    public static final NodePoolBinding NONE = new NodePoolBinding("", Mode.NONE);

    public NodePoolBinding {
        machine = Map.copyOf(machine);
    }

    public NodePoolBinding(String name, Mode mode) {
        this(name, mode, Map.of());
    }
}
