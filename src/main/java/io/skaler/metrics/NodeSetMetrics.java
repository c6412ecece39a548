package io.skaler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.metrics.Labels.HoldReason;
import io.skaler.metrics.Labels.ReplicaKind;
import io.skaler.metrics.Labels.UnmanagedReason;
import io.skaler.model.ObjectRef;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Capacity per NodeSet: replicas, nodes in flight and their age, capacity failures, at-max, unserved GRES, and
 * scale-in holds. Part of {@link SkalerMetrics}, which shares its bounded labels with it.
 */
final class NodeSetMetrics {
    private final MeterRegistry registry;
    private final BoundedLabel partition;
    private final BoundedLabel nodeSet;
    private final BoundedLabel namespace;
    private final BoundedLabel gres;

    private final GaugeFamily replicas;
    private final GaugeFamily inflightNodes;
    private final GaugeFamily inflightOldest;
    private final GaugeFamily atMax;
    private final GaugeFamily unservedGres;
    private final GaugeFamily scaleInHeld;
    private final GaugeFamily scaleInHeldSeconds;
    private final GaugeFamily unmanaged;

    NodeSetMetrics(MeterRegistry registry, BoundedLabel partition, BoundedLabel nodeSet, BoundedLabel namespace,
            BoundedLabel gres) {
        this.registry = registry;
        this.partition = partition;
        this.nodeSet = nodeSet;
        this.namespace = namespace;
        this.gres = gres;
        replicas = new GaugeFamily(registry, "skaler.nodeset.replicas",
                "NodeSet replicas skaler wants (desired), has asked for (current) and sees Ready",
                "nodeset", "namespace", "partition", "kind");
        inflightNodes = new GaugeFamily(registry, "skaler.nodeset.inflight.nodes",
                "Nodes asked for and not yet registered in Slurm", "nodeset", "namespace");
        inflightOldest = new GaugeFamily(registry, "skaler.nodeset.inflight.oldest.seconds",
                "Age of the oldest node asked for and not yet registered in Slurm", "nodeset", "namespace");
        atMax = new GaugeFamily(registry, "skaler.nodeset.at.max", "1 when the NodeSet is at its policy maximum",
                "nodeset", "namespace");
        unservedGres = new GaugeFamily(registry, "skaler.nodeset.unserved.gres",
                "GRES asked for by pending jobs routed to this NodeSet that its maximum leaves unserved",
                "nodeset", "namespace", "gres");
        scaleInHeld = new GaugeFamily(registry, "skaler.scale.in.held",
                "1 while scale-in of the NodeSet is held, by reason", "nodeset", "namespace", "reason");
        scaleInHeldSeconds = new GaugeFamily(registry, "skaler.scale.in.held.seconds",
                "How long scale-in of the NodeSet has been held", "nodeset", "namespace");
        unmanaged = new GaugeFamily(registry, "skaler.nodeset.unmanaged",
                "1 while skaler refuses to manage a NodeSet of the policy, by reason", "nodeset", "namespace",
                "reason");
    }

    void replicas(ObjectRef ref, String partitionName, int desired, int current, int ready) {
        String n = nodeSet.value(ref.name());
        String ns = namespace.value(ref.namespace());
        String p = partition.value(partitionName);
        replicas.set(desired, n, ns, p, ReplicaKind.DESIRED.label());
        replicas.set(current, n, ns, p, ReplicaKind.CURRENT.label());
        replicas.set(ready, n, ns, p, ReplicaKind.READY.label());
    }

    void inflight(ObjectRef ref, int nodes, Duration oldest) {
        inflightNodes.set(nodes, nodeSet.value(ref.name()), namespace.value(ref.namespace()));
        inflightOldest.set(nodes == 0 ? 0 : seconds(oldest), nodeSet.value(ref.name()),
                namespace.value(ref.namespace()));
        capacityFailures(ref); // exists at 0 before the first failure, so increase() in the alert sees that one too
    }

    void capacityFailure(ObjectRef ref) {
        capacityFailures(ref).increment();
    }

    private Counter capacityFailures(ObjectRef ref) {
        return Counter.builder("skaler.nodeset.capacity.failures")
                .description("Capacity asked for that did not arrive (timeout or insufficient capacity)")
                .tags("nodeset", nodeSet.value(ref.name()), "namespace", namespace.value(ref.namespace()))
                .register(registry);
    }

    void atMax(ObjectRef ref, boolean isAtMax) {
        atMax.set(isAtMax ? 1 : 0, nodeSet.value(ref.name()), namespace.value(ref.namespace()));
    }

    void unservedGres(ObjectRef ref, Map<String, Long> unserved) {
        String n = nodeSet.value(ref.name());
        String ns = namespace.value(ref.namespace());
        Set<String> kept = new HashSet<>();
        unserved.forEach((g, amount) -> {
            String gv = gres.value(g);
            kept.add(gv);
            unservedGres.set(amount, n, ns, gv);
        });
        unservedGres.removeIf(v -> v.get(0).equals(n) && v.get(1).equals(ns) && !kept.contains(v.get(2)));
    }

    void scaleInHeld(ObjectRef ref, HoldReason reason, Duration heldFor) {
        String n = nodeSet.value(ref.name());
        String ns = namespace.value(ref.namespace());
        scaleInHeld.removeIf(v -> v.get(0).equals(n) && v.get(1).equals(ns) && !v.get(2).equals(reason.label()));
        scaleInHeld.set(1, n, ns, reason.label());
        scaleInHeldSeconds.set(seconds(heldFor), n, ns);
    }

    void scaleInReleased(ObjectRef ref) {
        String n = BoundedLabel.clean(ref.name());
        String ns = BoundedLabel.clean(ref.namespace());
        scaleInHeld.removeIf(v -> v.get(0).equals(n) && v.get(1).equals(ns));
        scaleInHeldSeconds.removeIf(v -> v.get(0).equals(n) && v.get(1).equals(ns));
    }

    void unmanaged(ObjectRef ref, Optional<UnmanagedReason> reason) {
        String n = nodeSet.value(ref.name());
        String ns = namespace.value(ref.namespace());
        unmanaged.removeIf(v -> v.get(0).equals(n) && v.get(1).equals(ns)
                && reason.map(r -> !v.get(2).equals(r.label())).orElse(true));
        reason.ifPresent(r -> unmanaged.set(1, n, ns, r.label()));
    }

    /** @param keep cleaned partition names still managed */
    void retainPartitions(Collection<String> keep) {
        replicas.removeIf(v -> !keep.contains(v.get(2)));
    }

    /** Counters stay: Prometheus handles their disappearance. */
    void retain(Collection<ObjectRef> managed) {
        Set<String> keep = new HashSet<>();
        managed.forEach(r -> keep.add(BoundedLabel.clean(r.name()) + "\n" + BoundedLabel.clean(r.namespace())));
        for (GaugeFamily f : new GaugeFamily[] {replicas, inflightNodes, inflightOldest, atMax, unservedGres,
            scaleInHeld, scaleInHeldSeconds, unmanaged}) {
            f.removeIf(v -> !keep.contains(v.get(0) + "\n" + v.get(1)));
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
