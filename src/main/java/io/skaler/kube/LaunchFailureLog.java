package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.skaler.model.NodeClaimState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Launches Karpenter gave up on by deleting the NodeClaim before {@code Launched=True} (insufficient capacity,
 * NodeClass not ready, launch timeout: nodeclaim/lifecycle/launch.go, liveness.go). The claim is gone a moment later,
 * so the NodeClaim watch's deletions are remembered here for {@link #KEPT} and handed to the planner as
 * {@code FAILED} claims. After a restart the memory is empty and {@code provisioningTimeout} remains the safety net.
 * A static pool that Karpenter shrinks deletes unlaunched claims first (static/deprovisioning): those are not
 * failures, told apart by the pool's {@code spec.replicas} against the claims left.
 */
final class LaunchFailureLog implements ResourceEventHandler<GenericKubernetesResource> {
    static final Duration KEPT = Duration.ofMinutes(30);

    private final Clock clock;
    private final Function<String, OptionalLong> staticReplicasOf;
    private final ToLongFunction<String> claimsLeftOf;
    private final Map<String, NodeClaimState> failures = new ConcurrentHashMap<>();

    /**
     * @param staticReplicasOf a pool's {@code spec.replicas}, empty for a dynamic pool
     * @param claimsLeftOf     a pool's claims not being deleted
     */
    LaunchFailureLog(Clock clock, Function<String, OptionalLong> staticReplicasOf,
            ToLongFunction<String> claimsLeftOf) {
        this.clock = clock;
        this.staticReplicasOf = staticReplicasOf;
        this.claimsLeftOf = claimsLeftOf;
    }

    @Override
    public void onAdd(GenericKubernetesResource nc) {
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        if (before.getMetadata().getDeletionTimestamp() == null && after.getMetadata().getDeletionTimestamp() != null) {
            record(after);
        }
    }

    @Override
    public void onDelete(GenericKubernetesResource nc, boolean finalStateUnknown) {
        record(nc);
    }

    private void record(GenericKubernetesResource nc) {
        String pool = KarpenterMapping.poolOf(nc);
        String name = nc.getMetadata().getName();
        if (pool.isEmpty() || failures.containsKey(name) || !KarpenterMapping.goneBeforeLaunch(nc)
                || shrinkingStaticPool(staticReplicasOf.apply(pool), claimsLeftOf.applyAsLong(pool))) {
            return;
        }
        Instant now = clock.instant();
        var claim = KarpenterMapping.nodeClaim(nc, now);
        failures.put(name, new NodeClaimState(name, pool, NodeClaimState.Phase.FAILED, claim.createdAt(),
                "deleted before launch (insufficient capacity or launch error)", now, Map.of()));
    }

    /** A static pool with at least {@code spec.replicas} claims left was being scaled down, not failing. Pure. */
    static boolean shrinkingStaticPool(OptionalLong replicas, long claimsLeft) {
        return replicas.isPresent() && claimsLeft >= replicas.getAsLong();
    }

    /** Failures within {@link #KEPT} of {@code now}; older ones are forgotten. */
    List<NodeClaimState> recent(Instant now) {
        failures.values().removeIf(f -> f.failedAt().plus(KEPT).isBefore(now));
        return List.copyOf(failures.values());
    }
}
