package io.skaler.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.model.ObjectRef;
import io.skaler.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** However many cycles, jobs and odd reason strings go by, the series count follows the managed objects only. */
class SkalerMetricsCardinalityTest {

    record Cluster(int partitions, int nodeSetsPerPartition, int cycles, int pendingJobs) {
    }

    @Test
    void seriesFollowPartitionsAndNodeSetsNotJobsOrCycles() {
        PropertyCheck.forAll(50,
                r -> new Cluster(1 + r.nextInt(8), 1 + r.nextInt(6), 1 + r.nextInt(30), r.nextInt(100_001)),
                c -> {
                    var registry = new SimpleMeterRegistry();
                    var m = new SkalerMetrics(registry);
                    long baseline = registry.getMeters().size();

                    for (int cycle = 0; cycle < c.cycles(); cycle++) {
                        List<String> parts = new ArrayList<>();
                        List<ObjectRef> sets = new ArrayList<>();
                        for (int p = 0; p < c.partitions(); p++) {
                            String partition = "p" + p;
                            parts.add(partition);
                            m.partitionDemand(partition, c.pendingJobs() + cycle,
                                    Map.of("gpu", 8L * cycle, "gpu:h100", 1L), cycle);
                            for (int n = 0; n < c.nodeSetsPerPartition(); n++) {
                                var ref = new ObjectRef("slurm", partition + "-ns" + n);
                                sets.add(ref);
                                m.nodeSetReplicas(ref, partition, cycle, cycle, cycle);
                                m.nodeSetInflight(ref, cycle, Duration.ofSeconds(cycle));
                                m.nodeSetAtMax(ref, cycle % 2 == 0);
                                m.unservedGres(ref, Map.of("gpu", (long) cycle));
                            }
                        }
                        m.retainPartitions(parts);
                        m.retainNodeSets(sets);
                    }

                    long perPartition = 2 + 2;            // pending jobs, nodes needed, pending gres x 2 kinds
                    long perNodeSet = 3 + 2 + 1 + 1 + 1;  // replicas x 3, in-flight x 2, failures, at max, unserved gres
                    long expected = baseline + c.partitions() * perPartition
                            + (long) c.partitions() * c.nodeSetsPerPartition() * perNodeSet;
                    assertThat(registry.getMeters()).hasSize((int) expected);
                });
    }

    @Test
    void freeTextReasonsAndGresNamesAreCapped() {
        PropertyCheck.forAll(30, SkalerMetricsCardinalityTest::randomStrings, reasons -> {
            var registry = new SimpleMeterRegistry();
            var m = new SkalerMetrics(registry);
            Map<String, Long> counts = new HashMap<>();
            reasons.forEach(r -> counts.merge(r, 1L, Long::sum));

            m.excludedJobs(counts);
            m.partitionDemand("gpu", 1, counts, 1);

            assertThat(registry.find("skaler.excluded.jobs").gauges()).hasSizeLessThanOrEqualTo(64 + 1);
            assertThat(registry.find("skaler.partition.pending.gres").gauges()).hasSizeLessThanOrEqualTo(64 + 1);
            registry.getMeters().forEach(meter -> meter.getId().getTags().forEach(tag ->
                    assertThat(tag.getValue()).matches("[A-Za-z0-9_.:/-]{1,253}")));
        });
    }

    @Test
    void retainingFewerNodeSetsRemovesTheirSeries() {
        PropertyCheck.forAll(20, r -> 2 + r.nextInt(19), nodeSets -> {
            var registry = new SimpleMeterRegistry();
            var m = new SkalerMetrics(registry);
            List<ObjectRef> refs = new ArrayList<>();
            for (int n = 0; n < nodeSets; n++) {
                var ref = new ObjectRef("ns" + (n % 3), "set" + n);
                refs.add(ref);
                m.nodeSetReplicas(ref, "p", 1, 1, 1);
                m.scaleInHeld(ref, Labels.HoldReason.BUSY_NODES, Duration.ofMinutes(n));
            }

            m.retainNodeSets(refs.subList(0, 1));

            assertThat(registry.find("skaler.nodeset.replicas").gauges()).hasSize(3);
            assertThat(registry.find("skaler.scale.in.held").gauges()).hasSize(1);
            assertThat(registry.find("skaler.scale.in.held.seconds").gauges()).hasSize(1);
        });
    }

    /** Up to 400 strings of any characters (spaces, quotes, braces, non-ASCII), some repeated. */
    static List<String> randomStrings(Random r) {
        int n = 1 + r.nextInt(400);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 1 + r.nextInt(40);
            StringBuilder s = new StringBuilder(len);
            for (int j = 0; j < len; j++) {
                s.append((char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0x3000)));
            }
            out.add(s.toString());
        }
        return out;
    }
}
