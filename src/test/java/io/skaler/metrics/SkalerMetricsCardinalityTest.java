package io.skaler.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.ObjectRef;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** However many cycles, jobs and odd reason strings go by, the series count follows the managed objects only. */
class SkalerMetricsCardinalityTest {

    @Property(tries = 50)
    void seriesFollowPartitionsAndNodeSetsNotJobsOrCycles(
            @ForAll @IntRange(min = 1, max = 8) int partitions,
            @ForAll @IntRange(min = 1, max = 6) int nodeSetsPerPartition,
            @ForAll @IntRange(min = 1, max = 30) int cycles,
            @ForAll @IntRange(min = 0, max = 100_000) int pendingJobs) {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);
        long baseline = registry.getMeters().size();

        for (int c = 0; c < cycles; c++) {
            List<String> parts = new ArrayList<>();
            List<ObjectRef> sets = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                String partition = "p" + p;
                parts.add(partition);
                m.partitionDemand(partition, pendingJobs + c, Map.of("gpu", 8L * c, "gpu:h100", 1L), c);
                for (int n = 0; n < nodeSetsPerPartition; n++) {
                    var ref = new ObjectRef("slurm", partition + "-ns" + n);
                    sets.add(ref);
                    m.nodeSetReplicas(ref, partition, c, c, c);
                    m.nodeSetInflight(ref, c, Duration.ofSeconds(c));
                    m.nodeSetAtMax(ref, c % 2 == 0);
                    m.unservedGres(ref, Map.of("gpu", (long) c));
                }
            }
            m.retainPartitions(parts);
            m.retainNodeSets(sets);
        }

        long perPartition = 2 + 2;            // pending jobs, nodes needed, pending gres x 2 kinds
        long perNodeSet = 3 + 2 + 1 + 1 + 1;  // replicas x 3 kinds, in-flight x 2, failures counter, at max, unserved gres
        long expected = baseline + partitions * perPartition + (long) partitions * nodeSetsPerPartition * perNodeSet;
        assertThat(registry.getMeters()).hasSize((int) expected);
    }

    @Property(tries = 30)
    void freeTextReasonsAndGresNamesAreCapped(
            @ForAll @Size(min = 1, max = 400) List<@StringLength(min = 1, max = 40) String> reasons) {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);
        Map<String, Long> byReason = new HashMap<>();
        Map<String, Long> byGres = new HashMap<>();
        reasons.forEach(r -> {
            byReason.merge(r, 1L, Long::sum);
            byGres.merge(r, 1L, Long::sum);
        });

        m.excludedJobs(byReason);
        m.partitionDemand("gpu", 1, byGres, 1);

        assertThat(registry.find("skaler.excluded.jobs").gauges()).hasSizeLessThanOrEqualTo(64 + 1);
        assertThat(registry.find("skaler.partition.pending.gres").gauges()).hasSizeLessThanOrEqualTo(64 + 1);
        registry.getMeters().forEach(meter -> meter.getId().getTags().forEach(tag ->
                assertThat(tag.getValue()).matches("[A-Za-z0-9_.:/-]{1,253}")));
    }

    @Property(tries = 20)
    void retainingFewerNodeSetsRemovesTheirSeries(@ForAll @IntRange(min = 2, max = 20) int nodeSets) {
        var registry = new SimpleMeterRegistry();
        var m = new SkalerMetrics(registry);
        List<ObjectRef> refs = new ArrayList<>();
        for (int n = 0; n < nodeSets; n++) {
            var ref = new ObjectRef("ns" + (n % 3), "set" + n);
            refs.add(ref);
            m.nodeSetReplicas(ref, "p", 1, 1, 1);
            m.scaleInHeld(ref, Labels.HoldReason.BUSY, Duration.ofMinutes(n));
        }

        m.retainNodeSets(refs.subList(0, 1));

        assertThat(registry.find("skaler.nodeset.replicas").gauges()).hasSize(3);
        assertThat(registry.find("skaler.scale.in.held").gauges()).hasSize(1);
        assertThat(registry.find("skaler.scale.in.held.seconds").gauges()).hasSize(1);
    }
}
