package io.skaler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.model.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The honest cost of anticipation per NodeSet: {@code skaler_anticipated_nodes}, the nodes counted for jobs not yet
 * eligible, and {@code skaler_anticipated_node_minutes_total}, those nodes integrated over time (each cycle adds the
 * previous cycle's count times the minutes since it): node-minutes of capacity held for jobs that could not start yet.
 */
final class AnticipationMetrics {
    private final MeterRegistry registry;
    private final BoundedLabel nodeSet;
    private final BoundedLabel namespace;
    private final GaugeFamily nodes;
    private final Map<ObjectRef, Last> last = new HashMap<>();

    private record Last(int nodes, Instant at) {
    }

    AnticipationMetrics(MeterRegistry registry, BoundedLabel nodeSet, BoundedLabel namespace) {
        this.registry = registry;
        this.nodeSet = nodeSet;
        this.namespace = namespace;
        nodes = new GaugeFamily(registry, "skaler.anticipated.nodes",
                "Nodes counted for pending jobs that become eligible within the look-ahead", "nodeset", "namespace");
    }

    void anticipated(ObjectRef ref, int count, Instant at) {
        String n = nodeSet.value(ref.name());
        String ns = namespace.value(ref.namespace());
        nodes.set(count, n, ns);
        Counter minutes = Counter.builder("skaler.anticipated.node.minutes")
                .description("Node-minutes of capacity counted for jobs not yet eligible (their wait for their job)")
                .tags("nodeset", n, "namespace", ns)
                .register(registry);
        Last before = last.put(ref, new Last(count, at));
        if (before != null && before.nodes() > 0 && at.isAfter(before.at())) {
            minutes.increment(before.nodes() * Duration.between(before.at(), at).toMillis() / 60_000.0);
        }
    }

    void retain(java.util.Collection<ObjectRef> managed) {
        last.keySet().retainAll(managed);
        java.util.Set<String> keep = new java.util.HashSet<>();
        managed.forEach(r -> keep.add(BoundedLabel.clean(r.name()) + "\n" + BoundedLabel.clean(r.namespace())));
        nodes.removeIf(v -> !keep.contains(v.get(0) + "\n" + v.get(1)));
    }
}
