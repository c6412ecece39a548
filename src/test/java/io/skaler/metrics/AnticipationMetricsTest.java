package io.skaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.ObjectRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anticipated nodes per NodeSet, and the node-minutes they were held for jobs not yet eligible. */
class AnticipationMetricsTest {
    static final ObjectRef H100 = new ObjectRef("slurm", "h100");
    static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    @Test
    void nodeMinutesIntegrateTheAnticipatedNodesBetweenCycles() {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);
        m.anticipatedNodes(H100, 2, T0);
        m.anticipatedNodes(H100, 1, T0.plusSeconds(300));  // 2 nodes for 5 minutes: 10
        m.anticipatedNodes(H100, 0, T0.plusSeconds(420));  // 1 node for 2 minutes: 2
        m.anticipatedNodes(H100, 0, T0.plusSeconds(900));  // none: 0

        assertThat(registry.get("skaler.anticipated.nodes").tag("nodeset", "h100").gauge().value()).isZero();
        assertThat(registry.get("skaler.anticipated.node.minutes").tag("nodeset", "h100").counter().count())
                .isEqualTo(12.0);
    }

    @Test
    void aNodeSetNoLongerManagedLosesItsGauge() {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);
        m.anticipatedNodes(H100, 3, T0);
        m.retainNodeSets(List.of());
        assertThat(registry.find("skaler.anticipated.nodes").gauges()).isEmpty();
    }
}
