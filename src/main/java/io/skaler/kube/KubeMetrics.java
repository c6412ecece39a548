package io.skaler.kube;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's meters. Dotted Micrometer names render in Prometheus as {@code skaler_kube_writes_total},
 * {@code skaler_scale_in_held}, {@code skaler_nodepool_consolidation_risk}, {@code skaler_paused},
 * {@code skaler_kube_write_retries_total}. Labels are closed sets or object names from the policy: never a pod name.
 */
public final class KubeMetrics {
    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> gauges = new ConcurrentHashMap<>();

    public KubeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param result ok, failed or refused */
    void write(String kind, String verb, String result) {
        Counter.builder("skaler.kube.writes").description("Writes to the Kubernetes API by skaler")
                .tags("kind", kind, "verb", verb, "result", result).register(registry).increment();
    }

    /** @param reason conflict, throttled, server_error or connection */
    void retry(String kind, String reason) {
        Counter.builder("skaler.kube.write.retries").description("Write attempts retried after a transient error")
                .tags("kind", kind, "reason", reason).register(registry).increment();
    }

    /** Sets the held gauge of one NodeSet: 1 for {@code blocker}, 0 for every other reason. */
    void scaleInHeld(String nodeSet, DrainBlocker blocker) {
        for (DrainBlocker b : DrainBlocker.values()) {
            gauge("skaler.scale.in.held", "Scale-in of the NodeSet is held, by reason",
                    Tags.of("nodeset", nodeSet, "reason", b.label())).set(b == blocker ? 1 : 0);
        }
    }

    void scaleInNotHeld(String nodeSet) {
        for (DrainBlocker b : DrainBlocker.values()) {
            Tags tags = Tags.of("nodeset", nodeSet, "reason", b.label());
            AtomicInteger g = gauges.get(Tags.of("name", "skaler.scale.in.held").and(tags));
            if (g != null) {
                g.set(0);
            }
        }
    }

    void consolidationRisk(String nodePool, boolean atRisk) {
        gauge("skaler.nodepool.consolidation.risk",
                "1 when the NodePool may evict busy slurmd pods by consolidation",
                Tags.of("nodepool", nodePool)).set(atRisk ? 1 : 0);
    }

    void paused(String kind, String name, boolean paused) {
        gauge("skaler.paused", "1 when the object carries skaler.io/paused=true",
                Tags.of("kind", kind, "name", name)).set(paused ? 1 : 0);
    }

    private AtomicInteger gauge(String name, String help, Tags tags) {
        return gauges.computeIfAbsent(Tags.of("name", name).and(tags), k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(name, value, AtomicInteger::get).description(help).tags(tags).register(registry);
            return value;
        });
    }
}
