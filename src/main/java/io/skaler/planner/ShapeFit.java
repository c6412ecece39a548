package io.skaler.planner;

import io.skaler.policy.NodeSetPolicy;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a job class can run on one NodeSet's node shape at all: its constraint matches the shape's features
 * (the NodeSet name is always one, as Slinky registers it), each node's request fits, and the NodeSet may ever
 * hold the nodes one job needs at once.
 */
sealed interface ShapeFit {

    record Fits(NodeRequest request) implements ShapeFit {
    }

    record NoFit(String reason) implements ShapeFit {
    }

    /** The features a node of {@code nodeSet} registers with: its shape's, plus the NodeSet's own name. */
    static Set<String> features(NodeSetPolicy nodeSet) {
        Set<String> features = new HashSet<>(nodeSet.node().features());
        features.add(nodeSet.ref().name());
        return Set.copyOf(features);
    }

    /**
     * @param memoryConsumable whether Slurm schedules memory (the policy's {@code slurm.memoryConsumable}); when not,
     *                         memory only has to fit a node and takes no room on it
     */
    static ShapeFit check(JobClass.Key key, NodeSetPolicy nodeSet, Set<String> features, ResourceAxes axes,
                          boolean memoryConsumable) {
        boolean matches;
        try {
            matches = Constraint.matches(key.features(), features);
        } catch (IllegalArgumentException e) {
            return new NoFit(e.getMessage());
        }
        if (!matches) {
            return new NoFit("constraint '" + key.features() + "' matches no feature of " + nodeSet.ref().name()
                    + " " + features.stream().sorted().toList());
        }
        ShapeFit fit = NodeRequest.derive(key, axes, memoryConsumable);
        if (fit instanceof Fits f && f.request().nodes() > nodeSet.maxReplicas()) {
            return new NoFit("needs " + f.request().nodes() + " nodes at once; " + nodeSet.ref().name()
                    + " has maxReplicas " + nodeSet.maxReplicas());
        }
        return fit;
    }
}
