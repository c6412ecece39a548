package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.NodeSetState;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Boot times measured from the NodeSet's pods (created to Slurm's registration, or to Ready) are kept on the NodeSet, read back by a restarted
 * skaler as the NodeSet's learned boot time, and not written again while no new launch arrives.
 */
class BootTimeRecordTest extends ExecutorTestBase {
    private static final int[] READY_AFTER = {300, 360, 420};

    /** A NodeSet "fast" whose three pods became Ready 300, 360 and 420 s after the API server created them. */
    private void fastNodeSet() throws Exception {
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("fast", 3, Map.of()));
        for (int i = 0; i < 3; i++) {
            Pod p = cluster.admin.pods().inNamespace(NS).resource(Fixtures.pod("slurm-worker-fast-" + i, "fast",
                    "fast-" + i, true, false, null)).create();
            Instant created = Instant.parse(p.getMetadata().getCreationTimestamp());
            String readyAt = created.plusSeconds(READY_AFTER[i]).toString();
            p.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                    .forEach(c -> c.setLastTransitionTime(readyAt));
            cluster.admin.pods().inNamespace(NS).resource(p).updateStatus();
        }
        await("view sees the fast pods Ready with their times", () -> view.podsOf("fast").size() == 3
                && view.podsOf("fast").stream().allMatch(p -> BootTimeRecord.readySince(p).isPresent()));
    }

    private static NodeSetTarget hold() {
        return new NodeSetTarget(new ObjectRef(NS, "fast"), "gpu", 3, 3, NodeSetTarget.Action.NONE, List.of(),
                List.of("test"));
    }

    @Test
    void launchesAreKeptOnTheNodeSetAndARestartedSkalerReadsTheP90Back() throws Exception {
        fastNodeSet();
        var report = executor(false).apply(Fixtures.plan(List.of(hold()), List.of()), APPLY);

        assertThat(report.stepsFor("slurm/fast")).filteredOn(s -> s.detail().startsWith("boot time samples"))
                .extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.WRITTEN);
        Map<String, String> ann = nodeSet("fast").getMetadata().getAnnotations();
        assertThat(ann).containsEntry(KubeNames.BOOT_TIME, "420s");
        assertThat(BootTimeSamples.parse(ann.get(KubeNames.BOOT_TIME_SAMPLES)).seconds())
                .containsExactly(300L, 360L, 420L);

        try (var restarted = new KubeView(cluster.skalerClient(), new KubeViewSettings(NS, "v1beta1", NS,
                "skaler-policy", Map.of()), clock)) {
            restarted.start();
            await("restarted view sees the learned boot time", () -> restarted.snapshot() instanceof ViewResult.Fresh f
                    && f.snapshot().nodeSets().stream().anyMatch(n -> n.ref().name().equals("fast")
                    && n.learnedBootTime().isPresent()));
            NodeSetState fast = ((ViewResult.Fresh) restarted.snapshot()).snapshot().nodeSets().stream()
                    .filter(n -> n.ref().name().equals("fast")).findFirst().orElseThrow();
            assertThat(fast.learnedBootTime()).contains(Duration.ofSeconds(420));
            await("the executor's view sees the annotation", () -> view.nodeSet(NS, "fast")
                    .map(n -> Fields.annotations(n).containsKey(KubeNames.BOOT_TIME_SAMPLES)).orElse(false));
            var again = executor(false, restarted, Leadership.ALWAYS).apply(Fixtures.plan(List.of(hold()), List.of()), APPLY);
            assertThat(again.stepsFor("slurm/fast")).as("the same launches are not counted twice")
                    .noneMatch(s -> s.detail().startsWith("boot time samples"));
        }
    }

    @Test
    void slurmsRegistrationEndsTheBootWhereSlurmShowsThePodsNode() throws Exception {
        fastNodeSet();
        Map<String, Instant> created = new java.util.HashMap<>();
        view.podsOf("fast").forEach(p -> created.put(p.getSpec().getHostname(),
                Instant.parse(p.getMetadata().getCreationTimestamp())));
        var slurm = Map.of(
                "fast-0", new BootTimeLearner.Registration(created.get("fast-0").plusSeconds(200), true), // before Ready
                "fast-1", new BootTimeLearner.Registration(created.get("fast-1").plusSeconds(500), true), // after Ready
                "fast-2", new BootTimeLearner.Registration(created.get("fast-2").minusSeconds(900), false)); // older pod
        var report = executor(false).apply(Fixtures.plan(List.of(hold()), List.of()),
                new ExecutionContext(false, java.util.Set.of(), java.util.Optional.empty(), slurm));
        assertThat(report.stepsFor("slurm/fast")).filteredOn(s -> s.detail().startsWith("boot time samples"))
                .extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.WRITTEN);
        assertThat(BootTimeSamples.parse(nodeSet("fast").getMetadata().getAnnotations()
                .get(KubeNames.BOOT_TIME_SAMPLES)).seconds()).containsExactly(200L, 500L, 420L);
    }

    @Test
    void dryRunReportsWithoutWriting() throws Exception {
        fastNodeSet();
        var report = executor(true).apply(Fixtures.plan(List.of(hold()), List.of()), APPLY);
        assertThat(report.stepsFor("slurm/fast")).filteredOn(s -> s.detail().startsWith("boot time samples"))
                .extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.WOULD_WRITE);
        assertThat(nodeSet("fast").getMetadata().getAnnotations()).doesNotContainKey(KubeNames.BOOT_TIME_SAMPLES);
    }
}
