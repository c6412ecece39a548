package io.skaler.policy;

/**
 * The Karpenter NodePool that brings this NodeSet's machines, and how skaler may touch it:
 * {@code LIMITS} raises {@code spec.limits}, {@code STATIC} sets {@code spec.replicas}, {@code NONE} leaves it alone.
 * {@code name} is {@code ""} when no NodePool is bound (mode {@code NONE}).
 */
public record NodePoolBinding(String name, Mode mode) {
    public enum Mode { LIMITS, STATIC, NONE }

    public static final NodePoolBinding NONE = new NodePoolBinding("", Mode.NONE);
}
