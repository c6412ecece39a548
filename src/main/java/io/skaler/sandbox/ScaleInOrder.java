package io.skaler.sandbox;

import io.skaler.model.OperatorDeletionOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which pods the simulated slurm-operator removes first when replicas drop: slurm-operator's own order
 * ({@link OperatorDeletionOrder}, its {@code utils/sort.go}), fed with what the simulation knows of each pod. A pod
 * it is draining carries the operator's {@code pod-cordon} mark, which is what keeps it first among equals. Not
 * simulated: {@code pod-deadline} (no pod carries one, so that step ties) and the Ready time (ordinals already
 * decide between two pods of one NodeSet).
 */
final class ScaleInOrder {
    private ScaleInOrder() {
    }

    static List<SlurmdPod> victims(List<SlurmdPod> pods, Map<String, Integer> deletionCost, int count,
            Predicate<SlurmdPod> draining) {
        var ranks = pods.stream().map(p -> new OperatorDeletionOrder.Pod(p.name(), !p.claim().isEmpty(),
                p.ready() ? OperatorDeletionOrder.Phase.RUNNING : OperatorDeletionOrder.Phase.PENDING, p.ready(),
                deletionCost.getOrDefault(p.name(), 0), Optional.empty(), draining.test(p), p.ordinal(),
                Optional.empty(), Optional.of(p.createdAt()))).toList();
        var names = OperatorDeletionOrder.victims(ranks, count).stream().map(OperatorDeletionOrder.Pod::name).toList();
        return names.stream().map(n -> pods.stream().filter(p -> p.name().equals(n)).findFirst().orElseThrow())
                .toList();
    }
}
