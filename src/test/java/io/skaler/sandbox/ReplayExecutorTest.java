package io.skaler.sandbox;

import static io.skaler.sandbox.HistoryReplayTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The replay's executor keeps the real one's scale-in rule: the operator's order never gets to a busy pod. */
class ReplayExecutorTest {
    static Plan scaleDown(int from, int to, List<String> podsToRemove) {
        var target = new NodeSetTarget(new ObjectRef("slurm", "gpu"), "gpu", from, to,
                NodeSetTarget.Action.SCALE_DOWN, podsToRemove, List.of("test"));
        return new Plan(T0, List.of(target), List.of(), List.of(), List.of(), false, List.of());
    }

    static ReplayCluster twoGpuNodesOneBusy() {
        var cluster = new ReplayCluster(HistoryReplayTest.smallCluster(), T0, false);
        cluster.startWith(Map.of("gpu", 2));
        cluster.slurm.submit(new JobRequest("j", "alice", List.of("gpu"), 1, 1, 8, 60_000, Gres.of("gpu:a100", 1),
                Gres.NONE, Gres.NONE, false, "", 0, 0, Duration.ofHours(1), Duration.ofHours(2), 1, false));
        cluster.clock.advanceBy(Duration.ofSeconds(2));
        assertThat(cluster.slurm.findNode("gpu-0").orElseThrow().busy()).isTrue(); // first fit: the job is on gpu-0
        return cluster;
    }

    @Test
    void replicasDropOnlyAsFarAsTheOperatorTakesNoBusyPod() {
        var cluster = twoGpuNodesOneBusy();
        ReplayExecutor.apply(scaleDown(2, 0, List.of("gpu-0", "gpu-1")), cluster, Set.of("gpu-0"));
        cluster.clock.advanceBy(Duration.ofMinutes(5));
        assertThat(cluster.nodeSet("gpu").replicas).isEqualTo(1);
        assertThat(cluster.nodeSet("gpu").pods.keySet()).containsExactly(0);
        assertThat(cluster.slurm.jobsKilled()).isZero();
    }

    @Test
    void aChosenIdlePodIsMarkedSoTheOperatorTakesItBeforeAHigherOrdinal() {
        var cluster = twoGpuNodesOneBusy();
        cluster.slurm.submit(new JobRequest("k", "alice", List.of("gpu"), 1, 1, 8, 60_000, Gres.of("gpu:a100", 1),
                Gres.NONE, Gres.NONE, false, "", 0, 0, Duration.ofHours(1), Duration.ofHours(2), 1, false));
        cluster.clock.advanceBy(Duration.ofSeconds(2)); // k on gpu-1
        cluster.clock.advanceTo(T0.plus(Duration.ofHours(1)).plusSeconds(1)); // j ends: gpu-0 idle, gpu-1 busy
        assertThat(cluster.slurm.findNode("gpu-1").orElseThrow().busy()).isTrue();
        // unmarked, the operator would take gpu-1 (higher ordinal first), which runs k: the mark steers it to gpu-0
        ReplayExecutor.apply(scaleDown(2, 1, List.of("gpu-0")), cluster, Set.of("gpu-1"));
        cluster.clock.advanceBy(Duration.ofMinutes(1));
        assertThat(cluster.nodeSet("gpu").pods.keySet()).containsExactly(1);
        assertThat(cluster.slurm.jobsKilled()).isZero();
    }
}
