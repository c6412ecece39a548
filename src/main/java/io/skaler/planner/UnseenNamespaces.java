package io.skaler.planner;

import io.skaler.model.NamespaceCoverage;
import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.policy.NodePoolBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * NodeSets in a namespace the snapshot could not see (not watched, or RBAC refuses the LIST) are unknown, not absent:
 * they are held with the reason, nothing shrinks because of them (their NodePools get no target, so limits computed
 * without them never lower a pool they use), and the plan says so once per namespace.
 */
final class UnseenNamespaces {
    private final NamespaceCoverage coverage;
    /** namespace -> why it is unseen, for the namespaces the policy names that the snapshot lacks */
    private final Map<String, String> gaps = new TreeMap<>();
    private final Set<String> pools = new TreeSet<>();

    UnseenNamespaces(NamespaceCoverage coverage, List<NodeSetWork> works) {
        this.coverage = coverage;
        for (NodeSetWork w : works) {
            coverage.gap(w.policy.ref().namespace()).ifPresent(why -> {
                gaps.put(w.policy.ref().namespace(), why);
                NodePoolBinding b = w.policy.nodePool();
                if (b.mode() != NodePoolBinding.Mode.NONE && !b.name().isEmpty()) {
                    pools.add(b.name());
                }
            });
        }
    }

    /** The held target of a NodeSet skaler cannot see, or empty when it can. */
    Optional<NodeSetTarget> hold(NodeSetWork w) {
        return coverage.gap(w.policy.ref().namespace()).map(why -> new NodeSetTarget(w.policy.ref(),
                w.partition.name(), 0, 0, Action.HOLD, List.of(), List.of("NodeSet " + w.policy.ref()
                        + " cannot be seen: " + why + "; nothing decided for it")));
    }

    /** {@code targets} without those of pools backing an unseen NodeSet; one warning per namespace and pool. */
    List<NodePoolTarget> keepPools(List<NodePoolTarget> targets, List<String> warnings) {
        gaps.forEach((ns, why) -> warnings.add("the policy names NodeSets in " + why
                + "; they are held, not scaled"));
        List<NodePoolTarget> out = new ArrayList<>();
        for (NodePoolTarget t : targets) {
            if (pools.contains(t.name())) {
                warnings.add("NodePool " + t.name() + " backs a NodeSet skaler cannot see: no NodePool target (its "
                        + "limits stay as they are)");
            } else {
                out.add(t);
            }
        }
        return out;
    }
}
