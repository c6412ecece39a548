package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.skaler.model.NodeClaimState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pure reading of Karpenter's NodeClaims as Karpenter writes them (docs/upstream.md, "Karpenter"): a launch error
 * leaves {@code Launched=Unknown} with a reason ({@code LaunchFailed}, or a cloud provider's own) while Karpenter
 * retries; insufficient capacity deletes the claim before it launched. {@code Launched=False} is never set.
 */
public final class KarpenterMapping {
    /** The reason an untouched condition carries (operatorpkg initialises conditions Unknown without one). */
    private static final Set<String> NOT_A_FAILURE = Set.of("", "AwaitingReconciliation");

    private KarpenterMapping() {
    }

    public static NodeClaimState nodeClaim(GenericKubernetesResource nc, Instant now) {
        var conditions = Fields.listAt(nc, "status", "conditions");
        String pool = poolOf(nc);
        Instant created = created(nc, now);
        String name = nc.getMetadata().getName();
        var capacity = Quantities.parseAll("NodeClaim " + name + ": status.capacity",
                Fields.at(nc, "status", "capacity"));
        Optional<Map<String, Object>> launchError = launchError(conditions);
        if (launchError.isPresent()) {
            Instant at = Fields.instant("Launched.lastTransitionTime",
                    stringOf(launchError.get().get("lastTransitionTime"))).orElse(now);
            return new NodeClaimState(name, pool, NodeClaimState.Phase.FAILED, created,
                    stringOf(launchError.get().get("reason")), at, capacity);
        }
        if (nc.getMetadata().getDeletionTimestamp() != null) {
            return new NodeClaimState(name, pool, NodeClaimState.Phase.DELETING, created, "", created, capacity);
        }
        NodeClaimState.Phase phase;
        if (isTrue(conditions, "Ready") || isTrue(conditions, "Initialized")) {
            phase = NodeClaimState.Phase.READY;
        } else if (isTrue(conditions, "Registered")) {
            phase = NodeClaimState.Phase.REGISTERED;
        } else {
            phase = NodeClaimState.Phase.LAUNCHING;
        }
        return new NodeClaimState(name, pool, phase, created, "", created, capacity);
    }

    /**
     * A failed launch Karpenter retries: {@code Launched=Unknown} with a reason it set on a create error (launch.go:
     * {@code LaunchFailed}, or the {@code CreateError}'s own). Pure.
     */
    static Optional<Map<String, Object>> launchError(List<Map<String, Object>> conditions) {
        return Fields.condition(conditions, "Launched")
                .filter(c -> "Unknown".equals(c.get("status")))
                .filter(c -> !NOT_A_FAILURE.contains(stringOf(c.get("reason")).trim()));
    }

    /**
     * A claim that goes away (deletion requested or gone) before {@code Launched=True}: how Karpenter ends a launch
     * that met insufficient capacity or a NodeClass that is not ready, and a launch that timed out. Pure.
     */
    public static boolean goneBeforeLaunch(GenericKubernetesResource nc) {
        return !isTrue(Fields.listAt(nc, "status", "conditions"), "Launched");
    }

    static String poolOf(GenericKubernetesResource nc) {
        var labels = nc.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(KubeNames.NODEPOOL_LABEL, "");
    }

    private static boolean isTrue(List<Map<String, Object>> conditions, String type) {
        return Fields.condition(conditions, type).map(c -> "True".equals(c.get("status"))).orElse(false);
    }

    private static String stringOf(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static Instant created(GenericKubernetesResource o, Instant fallback) {
        String ts = o.getMetadata().getCreationTimestamp();
        return ts == null || ts.isBlank() ? fallback : Instant.parse(ts);
    }
}
