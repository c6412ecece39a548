package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure checks of a NodePool against what Karpenter does with it (docs/upstream.md, "Karpenter"). Each returns the
 * sentence for the warning, the Event and {@code skaler check}, or empty when the pool is fine.
 */
public final class KarpenterChecks {
    /**
     * Karpenter's static provisioning controller creates a static pool's NodeClaims as soon as it sees the pool
     * (they exist while the machine launches), so this is ample; a boot delay never counts against it.
     */
    public static final Duration STATIC_GRACE = Duration.ofMinutes(2);

    /** The problems, each a closed label of {@code skaler_nodepool_problem}. */
    public enum Problem { NODES_NEVER_REMOVED, STATIC_NOT_FOLLOWED, LIMITS_BELOW_MACHINE }

    private KarpenterChecks() {
    }

    /**
     * {@code karpenter.sh/do-not-disrupt: "true"} on the pool's nodes (from its template, or set on a Node) blocks
     * every voluntary disruption, removing the empty node after a scale-in included (statenode.go
     * {@code ValidateNodeDisruptable}); so does a budget {@code nodes: "0"} without a schedule that covers the
     * {@code Empty} reason (all reasons when none are listed).
     */
    public static Optional<String> nodesNeverRemoved(GenericKubernetesResource pool, List<Node> nodesOfPool) {
        String name = pool.getMetadata().getName();
        String why;
        var template = Fields.at(pool, "spec", "template", "metadata", "annotations");
        long annotated = nodesOfPool.stream().filter(n -> n.getMetadata().getAnnotations() != null
                && "true".equals(n.getMetadata().getAnnotations().get(KubeNames.DO_NOT_DISRUPT))).count();
        if (template instanceof Map<?, ?> m && "true".equals(m.get(KubeNames.DO_NOT_DISRUPT))) {
            why = KubeNames.DO_NOT_DISRUPT + ": \"true\" in spec.template.metadata.annotations puts it on every node";
        } else if (emptyRemovalBlockedByBudget(pool)) {
            why = "a disruption budget nodes: \"0\" without a schedule covers the Empty reason";
        } else if (annotated > 0) {
            why = annotated + " of its node(s) carry " + KubeNames.DO_NOT_DISRUPT + ": \"true\"";
        } else {
            return Optional.empty();
        }
        return Optional.of("NodePool " + name + ": " + why + ", so Karpenter never removes those nodes, not even"
                + " empty after skaler scales in: they stay and cost. Protect slurmd pods instead: put "
                + KubeNames.DO_NOT_DISRUPT + ": \"true\" on the pod template of the NodeSet (the pod, not the node)"
                + " and use consolidationPolicy: WhenEmpty");
    }

    static boolean emptyRemovalBlockedByBudget(GenericKubernetesResource pool) {
        return Fields.listAt(pool, "spec", "disruption", "budgets").stream()
                .anyMatch(b -> "0".equals(String.valueOf(b.get("nodes")).trim()) && b.get("schedule") == null
                        && (!(b.get("reasons") instanceof List<?> r) || r.isEmpty() || r.contains("Empty")));
    }

    /**
     * A static pool ({@code spec.replicas}) whose NodeClaims do not follow: fewer claims than replicas, none created
     * within {@link #STATIC_GRACE}, and the replicas set at least that long ago ({@code since}: skaler's last write
     * of them, else the pool's creation). Karpenter acts on {@code spec.replicas} only with the {@code StaticCapacity}
     * feature gate (v1.7.0 on, off by default; the field from v1.8.0); without it the provisioner skips static pools.
     */
    public static Optional<String> staticNotFollowed(GenericKubernetesResource pool,
            List<GenericKubernetesResource> claimsOfPool, Instant since, Instant now) {
        var replicas = Fields.longAt(pool, "spec", "replicas");
        if (replicas.isEmpty() || replicas.get() == 0 || since.plus(STATIC_GRACE).isAfter(now)) {
            return Optional.empty();
        }
        long live = claimsOfPool.stream().filter(c -> c.getMetadata().getDeletionTimestamp() == null).count();
        boolean recent = claimsOfPool.stream().map(c -> c.getMetadata().getCreationTimestamp())
                .filter(t -> t != null && !t.isBlank()).map(Instant::parse)
                .anyMatch(t -> t.plus(STATIC_GRACE).isAfter(now));
        if (live >= replicas.get() || recent) {
            return Optional.empty();
        }
        return Optional.of("NodePool " + pool.getMetadata().getName() + ": spec.replicas is " + replicas.get()
                + " but it has " + live + " NodeClaim(s) and none was created in the " + STATIC_GRACE.toMinutes()
                + " minutes since: Karpenter does not follow static capacity. Run Karpenter >= 1.8 with the feature"
                + " gate StaticCapacity=true (off by default), and check limits.nodes");
    }

    /**
     * Limits below one machine: for a resource the machine brings, a limit above zero but below its capacity lets no
     * machine launch (Karpenter's filterByRemainingResources), however many nodes skaler asks for.
     */
    public static Optional<String> limitsBelowMachine(String pool, Map<String, BigDecimal> limits,
            Map<String, BigDecimal> machine) {
        for (var e : limits.entrySet()) {
            BigDecimal capacity = machine.get(e.getKey());
            if (capacity != null && e.getValue().signum() > 0 && e.getValue().compareTo(capacity) < 0) {
                return Optional.of("NodePool " + pool + ": limits." + e.getKey() + " " + Quantities.format(e.getValue())
                        + " is below one machine's " + Quantities.format(capacity) + ": Karpenter launches no machine;"
                        + " size limits in machines (nodePool.machine in the policy)");
            }
        }
        return Optional.empty();
    }
}
