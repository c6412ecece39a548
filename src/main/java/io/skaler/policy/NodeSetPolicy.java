package io.skaler.policy;

import io.skaler.model.ObjectRef;
import java.time.Duration;

/**
 * Effective settings of one managed NodeSet (defaults applied).
 *
 * @param node                the shape of one node (one pod) of this NodeSet
 * @param headroomNodes       idle nodes kept warm
 * @param provisioningTimeout capacity asked for but not arrived by then is presumed failed
 */
public record NodeSetPolicy(
        ObjectRef ref,
        NodeShape node,
        int minReplicas,
        int maxReplicas,
        int headroomNodes,
        NodePoolBinding nodePool,
        ScaleUp scaleUp,
        ScaleDown scaleDown,
        Duration provisioningTimeout) {
}
