package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.Leadership;
import io.skaler.metrics.SkalerMetrics;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NamespaceCoverage;
import io.skaler.model.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** skaler_namespace_unseen names exactly the policy's namespaces the last fresh view could not see (issue 18, 2). */
class CycleReporterNamespacesTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private static CycleOutcome cycle(NamespaceCoverage coverage) {
        return new CycleOutcome(CycleOutcome.Result.OK, "ok", T, Map.of(), Optional.empty(),
                PlanApplier.ApplyReport.nothing(), Optional.of(new KubeSnapshot(List.of(), List.of(), List.of(), T,
                        coverage)));
    }

    @Test
    void theSeriesFollowTheNamespacesThePolicyNamesAndTheViewLacks() {
        var registry = new SimpleMeterRegistry();
        var reporter = new CycleReporter(SkalerMetrics.on(registry), Leadership.ALWAYS, () -> List.of(
                new ObjectRef("slurm", "gpu"), new ObjectRef("slurm-b", "cpu"), new ObjectRef("slurm-c", "trn")));

        reporter.report(cycle(new NamespaceCoverage(false, Set.of("slurm", "slurm-c"), Map.of("slurm-c", "403"))));
        assertThat(registry.find("skaler.namespace.unseen").gauges()).extracting(g -> g.getId().getTag("namespace"))
                .containsExactlyInAnyOrder("slurm-b", "slurm-c");
        assertThat(registry.get("skaler.namespace.unseen").tag("namespace", "slurm-b").gauge().value())
                .isEqualTo(1.0);

        reporter.report(cycle(NamespaceCoverage.ALL));
        assertThat(registry.find("skaler.namespace.unseen").gauges()).isEmpty();
    }
}
