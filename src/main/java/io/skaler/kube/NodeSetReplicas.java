package io.skaler.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.skaler.model.NodeSetTarget;
import java.util.Optional;

/**
 * Writes a NodeSet's replicas: through {@code /scale}, or by a merge patch of {@code spec.replicas} where the CRD has
 * no scale subresource. Every attempt re-reads the object and checks the plan's premise still holds
 * ({@link #fresh}); a NodeSet gone, paused or moved since the plan is refused, not overwritten.
 */
final class NodeSetReplicas {
    private final KubeWriter writer;

    NodeSetReplicas(KubeWriter writer) {
        this.writer = writer;
    }

    /** Sets replicas through /scale, or by merge patch when the CRD has no scale subresource (404 on /scale). */
    KubeWriter.Done setReplicas(Resource<GenericKubernetesResource> res, NodeSetTarget t, int replicas,
            String why) {
        String target = t.nodeSet().toString();
        boolean[] noScale = {false};
        var out = writer.write("NodeSet", "update-scale", target, why, () -> {
            if (noScale[0]) {
                return patchReplicas(res, t, replicas);
            }
            var scale = getScale(res);
            if (scale.isEmpty()) {
                noScale[0] = true;
                return patchReplicas(res, t, replicas);
            }
            Integer now = scale.get().getSpec() == null ? null : scale.get().getSpec().getReplicas();
            int cur = now == null ? 1 : now;
            if (cur == replicas) {
                return false;
            }
            if (cur != t.current()) {
                throw new KubeWriter.Refused("spec.replicas moved to " + cur + " since the plan (" + t.current() + ")");
            }
            scale.get().getSpec().setReplicas(replicas);
            res.scale(scale.get());
            return true;
        });
        return out;
    }

    private static Optional<io.fabric8.kubernetes.api.model.autoscaling.v1.Scale> getScale(
            Resource<GenericKubernetesResource> res) {
        try {
            return Optional.ofNullable(res.scale());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean patchReplicas(Resource<GenericKubernetesResource> res, NodeSetTarget t, int replicas) {
        GenericKubernetesResource cur = fresh(res, t);
        if (Fields.intAt(cur, 1, "spec", "replicas") == replicas) {
            return false;
        }
        res.patch(PatchContext.of(PatchType.JSON_MERGE),
                Patches.specField(cur.getMetadata().getResourceVersion(), "replicas", replicas));
        return true;
    }

    /** Re-reads the NodeSet and checks the plan's premise (its replicas) still holds. */
    static GenericKubernetesResource fresh(Resource<GenericKubernetesResource> res, NodeSetTarget t) {
        GenericKubernetesResource cur = res.get();
        if (cur == null) {
            throw new KubeWriter.Refused("NodeSet disappeared");
        }
        if (KubeMapping.isTrue(Fields.annotations(cur).get(KubeNames.PAUSED))) {
            throw new KubeWriter.Refused("paused meanwhile");
        }
        int replicas = Fields.intAt(cur, 1, "spec", "replicas");
        if (replicas != t.current() && replicas != t.desired()) {
            throw new KubeWriter.Refused("spec.replicas moved to " + replicas + " since the plan (" + t.current()
                    + ")");
        }
        return cur;
    }
}
