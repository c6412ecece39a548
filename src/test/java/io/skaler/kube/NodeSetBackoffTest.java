package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.ExecutionReport.Outcome;
import io.skaler.model.Backoff;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import io.skaler.model.Plan;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import io.skaler.planner.Planner;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The planner's provisioning backoff lives on the NodeSet, not in memory: the executor writes it, and a restarted
 * skaler (a fresh view over the same objects, the same planner) continues it instead of starting over.
 */
class NodeSetBackoffTest extends ExecutorTestBase {
    private static final Policy POLICY = policy("""
            apiVersion: skaler.io/v1alpha1
            kind: Policy
            partitions:
              - name: gpu
                nodeSets:
                  - {name: slow, namespace: slurm, node: {cpus: 8, memoryMB: 64000, gres: {}}, maxReplicas: 4}
            """);
    private static final String SLOW = "slurm/slow";

    private static Policy policy(String text) {
        return ((PolicyResult.Valid) PolicyParser.parse(text)).policy();
    }

    /**
     * A NodeSet whose two pods never became Ready. The API server stamps the pods' creation with its own clock, so the
     * planner's time returned is 25 minutes after it: past the 20-minute provisioning timeout.
     */
    private Instant slowNodeSet() throws Exception {
        Instant asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("slow", 2,
                Map.of(KubeNames.LAST_SCALE_UP, asked.toString())));
        for (int i = 0; i < 2; i++) {
            cluster.admin.pods().inNamespace(NS).resource(Fixtures.pod("slurm-worker-slow-" + i, "slow", "slow-" + i,
                    false, false, null)).create();
        }
        await("view sees the slow NodeSet", () -> view.podsOf("slow").size() == 2);
        Instant lastCreated = view.podsOf("slow").stream()
                .map(p -> Instant.parse(p.getMetadata().getCreationTimestamp())).max(Instant::compareTo).orElseThrow();
        return lastCreated.plus(Duration.ofMinutes(25));
    }

    private static Plan planOn(KubeView v, Instant now) {
        var kube = ((ViewResult.Fresh) v.snapshot()).snapshot();
        return Planner.plan(new Snapshot(SlurmSnapshot.empty(now), kube), POLICY, now);
    }

    private static NodeSetTarget slow(Plan plan) {
        return plan.targets().stream().filter(t -> t.nodeSet().name().equals("slow")).findFirst().orElseThrow();
    }

    @Test
    void theBackoffIsWrittenToTheNodeSetAndARestartedSkalerContinuesIt() throws Exception {
        Instant now = slowNodeSet();
        Plan first = planOn(view, now);
        Backoff entered = slow(first).backoff().orElseThrow();
        assertThat(entered.level()).isEqualTo(1);
        assertThat(entered.until()).isEqualTo(now.plus(Duration.ofMinutes(5)));
        String until = entered.until().toString();

        var report = executor(false).apply(first, APPLY);

        assertThat(report.stepsFor(SLOW)).filteredOn(s -> s.detail().startsWith("backoff level 1"))
                .extracting(ExecutionReport.Step::outcome).containsExactly(Outcome.WRITTEN);
        assertThat(nodeSet("slow").getMetadata().getAnnotations())
                .containsEntry(KubeNames.BACKOFF_UNTIL, until)
                .containsEntry(KubeNames.BACKOFF_LEVEL, "1");

        // skaler restarts: a new view over the same objects, the same pure planner. It sees the backoff it wrote,
        // so it does not enter a new one (which, forgotten, would restart at level 1 every cycle and never double).
        try (var restarted = new KubeView(cluster.skalerClient(), new KubeViewSettings(NS, "v1beta1", NS,
                "skaler-policy", Map.of()), clock)) {
            restarted.start();
            await("restarted view fresh", () -> restarted.snapshot() instanceof ViewResult.Fresh f
                    && f.snapshot().nodeSets().stream().anyMatch(n -> n.ref().name().equals("slow")
                    && n.backoffLevel() == 1));
            var state = ((ViewResult.Fresh) restarted.snapshot()).snapshot().nodeSets().stream()
                    .filter(n -> n.ref().name().equals("slow")).findFirst().orElseThrow();
            assertThat(state.backoffUntil()).contains(entered.until());
            NodeSetTarget again = slow(planOn(restarted, now.plusSeconds(60)));
            assertThat(again.backoff()).isEmpty();
            assertThat(again.reasons()).anyMatch(r -> r.contains("in backoff until " + until));
        }
    }

    @Test
    void aBackoffAlreadyStoredIsNotWrittenAgainAndLevelZeroRemovesIt() throws Exception {
        var gpu = new ObjectRef(NS, "gpu");
        Instant until = Fixtures.T0.plus(Duration.ofMinutes(10));
        var enter = new NodeSetTarget(gpu, "gpu", 3, 3, NodeSetTarget.Action.HOLD, List.of(), List.of("test"),
                Optional.of(new Backoff(2, until, "2 node(s) did not arrive")));
        var ex = executor(false);

        ex.apply(Fixtures.plan(List.of(enter), List.of()), APPLY);
        ex.apply(Fixtures.plan(List.of(enter), List.of()), APPLY);
        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu");
        assertThat(nodeSet("gpu").getMetadata().getAnnotations())
                .containsEntry(KubeNames.BACKOFF_UNTIL, "2026-11-25T12:10:00Z")
                .containsEntry(KubeNames.BACKOFF_LEVEL, "2");

        var clear = new NodeSetTarget(gpu, "gpu", 3, 3, NodeSetTarget.Action.NONE, List.of(), List.of("test"),
                Optional.of(new Backoff(0, Fixtures.T0, "capacity arrived")));
        var report = ex.apply(Fixtures.plan(List.of(clear), List.of()), APPLY);
        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .containsExactly(Outcome.WRITTEN, Outcome.UNCHANGED);
        ex.apply(Fixtures.plan(List.of(clear), List.of()), APPLY);
        assertThat(objectWrites()).containsExactly("PATCH " + SETS + "gpu", "PATCH " + SETS + "gpu");
        var ann = nodeSet("gpu").getMetadata().getAnnotations();
        assertThat(ann == null ? Map.of() : ann).doesNotContainKeys(KubeNames.BACKOFF_UNTIL, KubeNames.BACKOFF_LEVEL);
    }

    @Test
    void inDryRunTheBackoffIsReportedNotWritten() throws Exception {
        var enter = new NodeSetTarget(new ObjectRef(NS, "gpu"), "gpu", 3, 3, NodeSetTarget.Action.HOLD, List.of(),
                List.of("test"), Optional.of(new Backoff(1, Fixtures.T0.plusSeconds(300), "failed")));
        var report = executor(true).apply(Fixtures.plan(List.of(enter), List.of()), APPLY);
        assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                .contains(Outcome.WOULD_WRITE);
        assertThat(cluster.skalerWrites()).isEmpty();
    }
}
