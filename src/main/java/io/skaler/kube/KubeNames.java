package io.skaler.kube;

/** Names of the API groups, annotations and labels skaler reads or writes, kept in one place. */
public final class KubeNames {
    private KubeNames() {
    }

    /** The field manager of skaler's writes in managedFields (its User-Agent's prefix, {@link SkalerUserAgent}). */
    public static final String FIELD_MANAGER = "skaler";
    public static final String SLINKY_GROUP = "slinky.slurm.net";
    public static final String KARPENTER_GROUP = "karpenter.sh";

    /** Written by skaler's users: skaler leaves a NodeSet or NodePool with this set to {@code "true"} alone. */
    public static final String PAUSED = "skaler.io/paused";
    /** Written by skaler: when it last raised a NodeSet's replicas (RFC 3339). */
    public static final String LAST_SCALE_UP = "skaler.io/last-scale-up";
    /** Capacity backoff kept on the NodeSet so a restart does not forget it (RFC 3339 / integer). */
    public static final String BACKOFF_UNTIL = "skaler.io/backoff-until";
    public static final String BACKOFF_LEVEL = "skaler.io/backoff-level";
    /** Written by skaler: the NodeSet's recent boot times in seconds and the last launch counted (see BootTimeSamples). */
    public static final String BOOT_TIME_SAMPLES = "skaler.io/boot-time-samples";
    /** Written by skaler beside the samples, for people: their p90 in seconds (e.g. {@code 412s}). */
    public static final String BOOT_TIME = "skaler.io/boot-time";
    /** Written by skaler on a static NodePool: when it last set {@code spec.replicas} (RFC 3339). */
    public static final String REPLICAS_SET_AT = "skaler.io/replicas-set-at";

    /**
     * Written by skaler beside {@link #POD_DELETION_COST} on the pods it chose for scale-in (RFC 3339, when chosen): it
     * tells skaler's marks from deletion costs set by others, so only its own are cleared when they go stale.
     */
    public static final String SCALE_IN_MARKED = "skaler.io/scale-in-marked";
    /** Slinky: lower cost = deleted first on scale-in (int32, default 0). */
    public static final String POD_DELETION_COST = "nodeset.slinky.slurm.net/pod-deletion-cost";
    /** Slinky: the Slurm node name of a NodeSet pod. */
    public static final String POD_HOSTNAME = "nodeset.slinky.slurm.net/pod-hostname";
    /** Label the Slinky charts put on every component pod; the NodeSet name for worker pods. */
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    /** Slinky projects the Slurm node state onto pod conditions with this prefix (SlurmNodeStateAllocated ...). */
    public static final String SLURM_STATE_CONDITION_PREFIX = "SlurmNodeState";
    /** Slinky: written by the operator on a pod it is draining for deletion ("true"). */
    public static final String POD_CORDON = "nodeset.slinky.slurm.net/pod-cordon";
    /** Slinky: written by the operator, when the jobs on the pod's Slurm node should end (RFC 3339). */
    public static final String POD_DEADLINE = "nodeset.slinky.slurm.net/pod-deadline";
    /** Slinky: the NodeSet's scaling mode on each of its pods ({@code StatefulSet} or {@code DaemonSet}). */
    public static final String POD_SCALING_MODE = "nodeset.slinky.slurm.net/scaling-mode";
    /** {@code spec.scalingMode} value under which the operator ignores {@code spec.replicas}. */
    public static final String SCALING_MODE_DAEMONSET = "DaemonSet";

    public static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
    public static final String DO_NOT_DISRUPT = "karpenter.sh/do-not-disrupt";
    /** Karpenter's default when {@code spec.disruption.consolidationPolicy} is absent. */
    public static final String DEFAULT_CONSOLIDATION_POLICY = "WhenEmptyOrUnderutilized";
    public static final String WHEN_EMPTY = "WhenEmpty";

    /** Key of the policy text in the policy ConfigMap. */
    public static final String POLICY_KEY = "policy.yaml";
}
