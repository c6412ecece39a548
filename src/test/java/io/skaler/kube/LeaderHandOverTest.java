package io.skaler.kube;

import static io.skaler.kube.MockCluster.NS;
import static io.skaler.kube.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutionReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two skaler instances on one Lease: only the holder writes; the other takes over when the holder goes. */
class LeaderHandOverTest {
    private final Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);

    private record Instance(KubeLeader leader, KubeView view, PlanExecutor executor) {
    }

    private Instance instance(MockCluster cluster, String id, List<String> events) {
        KubernetesClient client = cluster.skalerClient();
        var leader = new KubeLeader(client, new KubeLeader.Settings(NS, "skaler-leader", id, Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofMillis(200)))
                .onStartLeading(() -> events.add(id + " leads"))
                .onStopLeading(() -> events.add(id + " stops"));
        var view = new KubeView(client, new KubeViewSettings(NS, "v1beta1", NS, "skaler-policy", Map.of()), clock);
        view.start();
        var executor = new PlanExecutor(client, view, leader, ExecutorSettings.defaults(id),
                new KubeMetrics(new SimpleMeterRegistry()), clock, d -> { });
        return new Instance(leader, view, executor);
    }

    @Test
    void onlyTheLeaderWritesAndTheFollowerTakesOverWhenTheLeaseIsReleased() throws Exception {
        try (var cluster = new MockCluster()) {
            Fixtures.create(cluster.admin, KubeResources.CONTROLLERS, Fixtures.controller());
            Fixtures.create(cluster.admin, KubeResources.RESTAPIS, Fixtures.restApi());
            Fixtures.create(cluster.admin, KubeResources.nodeSets("v1beta1"), Fixtures.nodeSet("gpu", 1, Map.of()));
            List<String> events = new CopyOnWriteArrayList<>();
            var a = instance(cluster, "skaler-a", events);
            var b = instance(cluster, "skaler-b", events);
            try {
                a.leader().start();
                await("a leads", () -> a.leader().isLeader());
                b.leader().start();
                await("both views fresh", () -> a.view().staleReason().isEmpty() && b.view().staleReason().isEmpty());
                await("b saw the lease held by a", () -> cluster.admin.leases().inNamespace(NS)
                        .withName("skaler-leader").get() != null);
                assertThat(b.leader().isLeader()).isFalse();

                var up = Fixtures.plan(List.of(Fixtures.target("gpu", 1, 2, List.of())), List.of());
                var ctx = new ExecutionContext(Set.of());
                var fromB = b.executor().apply(up, ctx);
                assertThat(fromB.steps()).extracting(ExecutionReport.Step::outcome)
                        .containsExactly(Outcome.NOT_LEADER);
                var fromA = a.executor().apply(up, ctx);
                assertThat(fromA.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                        .containsExactly(Outcome.WRITTEN);

                // a goes away and releases the lease (long leases here: the hand-over must not wait for expiry);
                // b, whose caches stayed warm, takes over and writes.
                a.leader().close();
                await("b leads", () -> b.leader().isLeader());
                assertThat(a.executor().apply(Fixtures.plan(List.of(Fixtures.target("gpu", 2, 3, List.of())),
                        List.of()), ctx).steps()).extracting(ExecutionReport.Step::outcome)
                        .containsExactly(Outcome.NOT_LEADER);
                var next = b.executor().apply(Fixtures.plan(List.of(Fixtures.target("gpu", 2, 3, List.of())),
                        List.of()), ctx);
                assertThat(next.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                        .containsExactly(Outcome.WRITTEN);
                assertThat(Fields.intAt(cluster.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1"))
                        .inNamespace(NS).withName("gpu").get(), -1, "spec", "replicas")).isEqualTo(3);
                assertThat(events).containsSubsequence("skaler-a leads", "skaler-a stops", "skaler-b leads");
                assertThat(events).doesNotContain("skaler-b stops");
                // a: annotation + /scale; b: /scale only (its clock gives the same last-scale-up: no needless write).
                assertThat(cluster.skalerWrites().stream().filter(w -> w.contains("/nodesets/"))).hasSize(3);
                cluster.verifySkalerWrites();
            } finally {
                b.leader().close();
                a.view().close();
                b.view().close();
            }
        }
    }
}
