package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KedaModelTest {
    final VirtualClock clock = new VirtualClock(T0);
    final KedaSettings settings = KedaSettings.documented(); // scrape 7+30k, poll 19+30k, HPA 3+15k
    final SandboxNodeSet ns = new SandboxNodeSet("gpu-h100", "gpu-h100", Jobs.H100, 32, "h100", 0);
    final Map<String, Integer> pending = new HashMap<>();
    final Map<String, Integer> replicas = new HashMap<>(Map.of("gpu-h100", 0));
    final List<String> changes = new ArrayList<>();
    final KedaModel keda = new KedaModel(clock, settings, List.of(ns), p -> pending.getOrDefault(p, 0),
            new KedaModel.Replicas() {
                @Override
                public int get(String nodeSet) {
                    return replicas.get(nodeSet);
                }

                @Override
                public void set(String nodeSet, int r, Instant at) {
                    replicas.put(nodeSet, r);
                    changes.add((at.getEpochSecond() - T0.getEpochSecond()) + "s:" + r);
                }
            });

    Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void nextTickIsTheFirstPeriodBoundaryAtOrAfter() {
        assertThat(KedaModel.nextTick(at(100), at(7), Duration.ofSeconds(30))).isEqualTo(at(127));
        assertThat(KedaModel.nextTick(at(127), at(7), Duration.ofSeconds(30))).isEqualTo(at(127));
        assertThat(KedaModel.nextTick(at(2), at(7), Duration.ofSeconds(30))).isEqualTo(at(7));
        assertThat(KedaModel.firstActivation(at(100), T0, settings)).isEqualTo(at(139));
        assertThat(KedaModel.firstHpaScaleUp(at(100), T0, settings)).isEqualTo(at(138));
    }

    @Test
    void fromZeroKedaActivatesAtTheNextPollAfterTheNextScrapeThenTheHpaTakesOver() {
        keda.start(T0);
        clock.advanceTo(at(100));
        pending.put("gpu-h100", 12);
        clock.advanceTo(at(160));
        // scrape 127 sees 12; poll 139 activates 0 -> 1; HPA 153: ceil(12/5) = 3
        assertThat(changes).containsExactly("139s:1", "153s:3");
        assertThat(Duration.between(at(100), KedaModel.firstActivation(at(100), T0, settings)))
                .isEqualTo(Duration.ofSeconds(39));
    }

    @Test
    void hpaGrowthIsBoundedByItsDefaultPolicy() {
        keda.start(T0);
        pending.put("gpu-h100", 100); // wants 20
        clock.advanceTo(at(200));
        assertThat(changes).containsExactly("19s:1", "33s:5", "48s:10", "63s:20");
        assertThat(KedaModel.maxGrowth(1)).isEqualTo(5);
        assertThat(KedaModel.maxGrowth(10)).isEqualTo(20);
    }

    @Test
    void shrinkWaitsForTheStabilizationWindowAndZeroForTheCooldown() {
        keda.start(T0);
        pending.put("gpu-h100", 12);
        clock.advanceTo(at(60));
        assertThat(replicas.get("gpu-h100")).isEqualTo(3);
        pending.put("gpu-h100", 0);
        clock.advanceTo(at(330));
        assertThat(replicas.get("gpu-h100")).as("window still holds the 3").isEqualTo(3);
        clock.advanceTo(at(700));
        // last scrape with 12 at 37; last poll seeing it at 49 -> zero at the first poll 300 s later (349)
        // HPA recommendations of 3 end at 48 -> the HPA drops to 1 at its first sync after 348
        assertThat(changes).containsExactly("19s:1", "33s:3", "349s:0");
    }

    @Test
    void aMultiNodeJobGetsOneReplicaWithTheDocumentedThreshold() {
        keda.start(T0);
        pending.put("gpu-h100", 1); // one pending 4-node job
        clock.advanceTo(at(300));
        assertThat(replicas.get("gpu-h100")).as("the doc's own caveat: threshold 5 under-provisions").isEqualTo(1);
    }
}
