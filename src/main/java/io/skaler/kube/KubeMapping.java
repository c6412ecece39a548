package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodeSetPod;
import io.skaler.model.NodeSetState;
import io.skaler.model.ObjectRef;
import io.skaler.model.OperatorDeletionOrder;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Pure translation of Kubernetes objects into the model: used by the live {@link KubeView} and by the offline
 * {@link KubeObjectsFile} alike, so both see the same cluster the same way. Bad field values raise
 * {@link IllegalArgumentException} naming the object and the field.
 */
public final class KubeMapping {
    private KubeMapping() {
    }

    private static final Set<String> BUSY_CONDITIONS = Set.of(
            KubeNames.SLURM_STATE_CONDITION_PREFIX + "Allocated",
            KubeNames.SLURM_STATE_CONDITION_PREFIX + "Mixed",
            KubeNames.SLURM_STATE_CONDITION_PREFIX + "Completing");

    public static NodeSetState nodeSet(GenericKubernetesResource ns, List<Pod> pods, Instant now) {
        String where = "NodeSet " + ref(ns);
        try {
            Map<String, String> ann = Fields.annotations(ns);
            List<NodeSetPod> mapped = pods.stream()
                    .map(p -> pod(p, now))
                    .sorted(Comparator.comparing(NodeSetPod::podName))
                    .toList();
            return new NodeSetState(
                    ref(ns),
                    Fields.intAt(ns, 1, "spec", "replicas"),
                    Fields.intAt(ns, 0, "status", "replicas"),
                    Fields.intAt(ns, 0, "status", "readyReplicas"),
                    isTrue(ann.get(KubeNames.PAUSED)),
                    mapped,
                    Fields.instant(KubeNames.LAST_SCALE_UP, ann.get(KubeNames.LAST_SCALE_UP)),
                    Fields.instant(KubeNames.BACKOFF_UNTIL, ann.get(KubeNames.BACKOFF_UNTIL)),
                    backoffLevel(ann.get(KubeNames.BACKOFF_LEVEL)),
                    ignoresReplicas(ns),
                    learnedBootTime(ann.get(KubeNames.BOOT_TIME_SAMPLES)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** The p90 of the stored samples; unreadable samples count as none (BootTimeRecord replaces them and says so). */
    static Optional<java.time.Duration> learnedBootTime(String samples) {
        try {
            return BootTimeLearner.estimate(BootTimeSamples.parse(samples));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static NodeSetPod pod(Pod p, Instant now) {
        return new NodeSetPod(
                p.getMetadata().getName(),
                slurmNodeName(p),
                ready(p),
                p.getMetadata().getDeletionTimestamp() != null,
                created(p, now),
                deletionCost(p));
    }

    /**
     * The Slurm node name, as slurm-operator derives it ({@code GetSlurmNodeName} in
     * internal/controller/nodeset/utils/utils.go): a {@code hostNetwork} pod's slurmd registers as the Kubernetes node
     * it runs on ({@code spec.nodeName}); otherwise {@code spec.hostname}, else the pod name. A DaemonSet-mode pod is
     * always its {@code spec.hostname}. The {@code pod-hostname} label is only a fallback: it is written at creation,
     * before a hostNetwork pod has a node. An unscheduled hostNetwork pod has no Slurm node yet; its pod name stands
     * in (it matches no Slurm node, so the pod counts as still coming).
     */
    public static String slurmNodeName(Pod p) {
        var spec = p.getSpec();
        String hostname = spec == null ? null : spec.getHostname();
        boolean daemonSetMode = KubeNames.SCALING_MODE_DAEMONSET.equals(label(p, KubeNames.POD_SCALING_MODE));
        if (!daemonSetMode && spec != null && Boolean.TRUE.equals(spec.getHostNetwork())) {
            String node = spec.getNodeName();
            return node != null && !node.isBlank() ? node : p.getMetadata().getName();
        }
        if (hostname != null && !hostname.isBlank()) {
            return hostname;
        }
        String fromLabel = label(p, KubeNames.POD_HOSTNAME);
        return fromLabel != null && !fromLabel.isBlank() ? fromLabel : p.getMetadata().getName();
    }

    /**
     * True when the NodeSet's {@code spec.scalingMode} is {@code DaemonSet}: the operator then runs one pod per
     * matching Kubernetes node and ignores {@code spec.replicas} (nodeset_sync.go {@code syncNodeSetPods}), so skaler
     * must not manage it. Absent means {@code StatefulSet} (the CRD's default).
     */
    public static boolean ignoresReplicas(GenericKubernetesResource nodeSet) {
        return KubeNames.SCALING_MODE_DAEMONSET.equals(Fields.stringAt(nodeSet, "", "spec", "scalingMode"));
    }

    /** What slurm-operator's victim order ({@link OperatorDeletionOrder}) looks at of this pod, annotations as they are. */
    public static OperatorDeletionOrder.Pod deletionRank(Pod p) {
        return deletionRank(p, annotation(p, KubeNames.POD_DELETION_COST));
    }

    /** The same with the deletion-cost annotation set to {@code cost} (null: absent), to predict a marking. */
    public static OperatorDeletionOrder.Pod deletionRank(Pod p, String cost) {
        var spec = p.getSpec();
        var status = p.getStatus();
        String node = spec == null ? null : spec.getNodeName();
        Optional<Instant> readySince = Optional.empty();
        if (status != null && status.getConditions() != null) {
            readySince = status.getConditions().stream()
                    .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                    .findFirst().flatMap(c -> parseTime(c.getLastTransitionTime()));
        }
        return new OperatorDeletionOrder.Pod(p.getMetadata().getName(), node != null && !node.isEmpty(),
                OperatorDeletionOrder.Phase.of(status == null ? null : status.getPhase()), ready(p),
                OperatorDeletionOrder.cost(cost), parseTime(annotation(p, KubeNames.POD_DEADLINE)),
                OperatorDeletionOrder.parseBool(annotation(p, KubeNames.POD_CORDON)),
                OperatorDeletionOrder.ordinal(p.getMetadata().getName()), readySince,
                parseTime(p.getMetadata().getCreationTimestamp()));
    }

    private static Optional<Instant> parseTime(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(rfc3339).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty(); // the operator reads an unparsable time as none (Go's zero time)
        }
    }

    private static String label(Pod p, String key) {
        var labels = p.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static String annotation(Pod p, String key) {
        var ann = p.getMetadata().getAnnotations();
        return ann == null ? null : ann.get(key);
    }

    /** The NodeSet a pod belongs to: its controller owner reference of kind NodeSet, else the instance label. */
    public static Optional<String> owningNodeSet(Pod p, Set<String> nodeSetNames) {
        List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
        if (owners != null) {
            for (OwnerReference o : owners) {
                if ("NodeSet".equals(o.getKind()) && o.getApiVersion() != null
                        && o.getApiVersion().startsWith(KubeNames.SLINKY_GROUP + "/")) {
                    return Optional.of(o.getName());
                }
            }
        }
        var labels = p.getMetadata().getLabels();
        String instance = labels == null ? null : labels.get(KubeNames.INSTANCE_LABEL);
        return instance != null && nodeSetNames.contains(instance) ? Optional.of(instance) : Optional.empty();
    }

    /** The operator's projection of Slurm state onto the pod says jobs run or finish there. */
    public static boolean busyBySlurmCondition(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if (BUSY_CONDITIONS.contains(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    public static boolean ready(Pod p) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return false;
        }
        return p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public static NodePoolState nodePool(GenericKubernetesResource np) {
        String where = "NodePool " + np.getMetadata().getName();
        try {
            Map<String, String> templateAnn = stringMap(Fields.at(np, "spec", "template", "metadata", "annotations"));
            boolean protectedByTemplate = isTrue(templateAnn.get(KubeNames.DO_NOT_DISRUPT));
            OptionalLong replicas = Fields.longAt(np, "spec", "replicas")
                    .map(OptionalLong::of).orElse(OptionalLong.empty());
            return new NodePoolState(
                    np.getMetadata().getName(),
                    Quantities.parseAll("spec.limits", Fields.at(np, "spec", "limits")),
                    Quantities.parseAll("status.resources", Fields.at(np, "status", "resources")),
                    replicas,
                    Fields.stringAt(np, KubeNames.DEFAULT_CONSOLIDATION_POLICY,
                            "spec", "disruption", "consolidationPolicy"),
                    protectedByTemplate || disruptionBlockedByBudget(np),
                    isTrue(Fields.annotations(np).get(KubeNames.PAUSED)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** A budget of {@code nodes: "0"} with no schedule blocks every voluntary disruption, consolidation included. */
    static boolean disruptionBlockedByBudget(GenericKubernetesResource np) {
        return Fields.listAt(np, "spec", "disruption", "budgets").stream()
                .anyMatch(b -> "0".equals(String.valueOf(b.get("nodes"))) && b.get("schedule") == null
                        && (b.get("reasons") == null || ((List<?>) b.get("reasons")).contains("Underutilized")));
    }

    public static NodeClaimState nodeClaim(GenericKubernetesResource nc, Instant now) {
        return KarpenterMapping.nodeClaim(nc, now);
    }

    public static ObjectRef ref(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return new ObjectRef(ns == null ? "" : ns, o.getMetadata().getName());
    }

    static boolean isTrue(String v) {
        return v != null && v.trim().equalsIgnoreCase("true");
    }

    private static boolean isTrueCondition(List<Map<String, Object>> conditions, String type) {
        return Fields.condition(conditions, type).map(c -> "True".equals(c.get("status"))).orElse(false);
    }

    private static int backoffLevel(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            int level = Integer.parseInt(v.trim());
            if (level < 0) {
                throw new NumberFormatException();
            }
            return level;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KubeNames.BACKOFF_LEVEL + ": not a non-negative integer: '" + v + "'");
        }
    }

    private static OptionalInt deletionCost(Pod p) {
        var ann = p.getMetadata().getAnnotations();
        String v = ann == null ? null : ann.get(KubeNames.POD_DELETION_COST);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty(); // the operator treats an unparsable cost as 0 too; not ours to reject
        }
    }

    private static Instant created(HasMetadata o, Instant fallback) {
        String ts = o.getMetadata().getCreationTimestamp();
        return ts == null || ts.isBlank() ? fallback : Instant.parse(ts);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }
}
