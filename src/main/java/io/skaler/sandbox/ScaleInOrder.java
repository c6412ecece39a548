package io.skaler.sandbox;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which pods slurm-operator removes first when replicas drop (its {@code utils/sort.go}): pods it already drains,
 * then pods without a node, then not-ready pods, then the lowest {@code pod-deletion-cost} (a lower cost goes first,
 * as in a ReplicaSet), then the highest ordinal.
 */
final class ScaleInOrder {
    private ScaleInOrder() {
    }

    static List<SlurmdPod> victims(List<SlurmdPod> pods, Map<String, Integer> deletionCost, int count,
            Predicate<SlurmdPod> draining) {
        Comparator<SlurmdPod> order = Comparator.comparing((SlurmdPod p) -> !draining.test(p))
                .thenComparing(p -> !p.claim().isEmpty())
                .thenComparing(SlurmdPod::ready)
                .thenComparingInt(p -> deletionCost.getOrDefault(p.name(), 0))
                .thenComparing(Comparator.comparingInt(SlurmdPod::ordinal).reversed());
        return pods.stream().sorted(order).limit(count).toList();
    }
}
