package io.skaler.policy;

import java.time.Duration;
import java.util.Map;

/**
 * What applies when the policy says nothing (documented field by field in {@code docs/policy.md}). Chosen to be safe
 * first: a node must be idle for minutes before it goes, scale-in waits out the burst that caused a scale-up, and
 * at most a few nodes go per cycle while many may come (queued jobs cost more than idle nodes for a short while).
 */
public final class PolicyDefaults {
    public static final String API_VERSION = "skaler.io/v1alpha1";
    public static final String KIND = "Policy";

    public static final Duration IDLE_FOR = Duration.ofMinutes(10);
    public static final Duration STABILIZATION_WINDOW = Duration.ofMinutes(5);
    public static final int SCALE_DOWN_MAX_NODES_PER_CYCLE = 10;
    public static final int SCALE_UP_MAX_NODES_PER_CYCLE = 100;
    public static final Duration PROVISIONING_TIMEOUT = Duration.ofMinutes(20);
    /** A cloud node's launch, boot, image pull and slurmd registration: minutes for CPU, 5-15 for large GPU types. */
    public static final Duration BOOT_TIME = Duration.ofMinutes(10);
    public static final int MIN_REPLICAS = 0;
    public static final int HEADROOM_NODES = 0;

    /**
     * Whether Slurm schedules memory ({@code SelectTypeParameters} with {@code _Memory}, e.g. {@code CR_Core_Memory}):
     * then a job without {@code --mem} takes a whole node's memory, and memory requests add up on a node.
     */
    public static final boolean MEMORY_CONSUMABLE = true;

    /** Slurm GRES kind to the Kubernetes extended resource a NodePool limit is written in. */
    public static final Map<String, String> GRES_RESOURCES = Map.of(
            "gpu", "nvidia.com/gpu",
            "neuron", "aws.amazon.com/neuron");

    public static final ScaleUp SCALE_UP = new ScaleUp(SCALE_UP_MAX_NODES_PER_CYCLE, BOOT_TIME, LookAhead.AUTO);
    public static final ScaleDown SCALE_DOWN = new ScaleDown(IDLE_FOR, STABILIZATION_WINDOW, SCALE_DOWN_MAX_NODES_PER_CYCLE);

    private PolicyDefaults() {
    }
}
