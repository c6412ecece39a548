package io.skaler.kube;

import static io.skaler.kube.Fixtures.plan;
import static io.skaler.kube.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.ExecutionReport.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A scale-in is two writes (mark the pods, then lower replicas). When the second never comes, the marks must not
 * linger: the operator deletes the lowest-cost pod first on the next scale-in by anyone, and by then that pod may run
 * jobs. Whoever writes next (the restarted skaler, the new leader) re-derives the marks from the cluster alone.
 */
class ScaleInMarksTest extends ExecutorTestBase {
    private static final String GPU1 = "slurm-worker-gpu-1";
    private static final String GPU2 = "slurm-worker-gpu-2";

    /**
     * The first instance marks gpu-2 and gpu-1 for a scale-in 3 -> 1 and then stops writing right after the second
     * mark (it crashed, or its lease lapsed): replicas stay 3 with two marks on the pods.
     */
    private PlanExecutor interruptedAfterMarking(AtomicBoolean writes) throws Exception {
        cluster.after(r -> r.method().equals("PATCH") && r.path().endsWith("/pods/" + GPU1), () -> writes.set(false));
        PlanExecutor first = executor(false, view, writes::get);
        var report = first.apply(plan(List.of(target("gpu", 3, 1, List.of(GPU2, GPU1))), List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.NOT_LEADER);
            assertThat(s.detail()).contains("lost the leader lease");
        });
        assertThat(objectWrites()).containsExactly("PATCH " + PODS + GPU2, "PATCH " + PODS + GPU1);
        assertThat(markedPods()).containsExactly(GPU1, GPU2);
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
        return first;
    }

    @Test
    void afterARestartBetweenMarkingAndLoweringReplicasAMarkOnANowBusyPodIsClearedFirst() throws Exception {
        interruptedAfterMarking(new AtomicBoolean(true));
        int before = objectWrites().size();

        // skaler restarts (new view, new executor, nothing carried over); meanwhile a job landed on gpu-2.
        try (KubeView restarted = otherView()) {
            makeBusy(GPU2, restarted);
            var report = executor(false, restarted, Leadership.ALWAYS).apply(plan(List.of(target("gpu", 3, 2,
                    List.of(GPU1))), List.of()), APPLY);

            assertThat(report.stepsFor("slurm/gpu")).extracting(ExecutionReport.Step::outcome)
                    .containsExactly(Outcome.WRITTEN);
            // gpu-2's stale mark goes before replicas drop, else the operator would take the busy pod first;
            // gpu-1's mark is already right and is not written again.
            assertThat(objectWrites().subList(before, objectWrites().size()))
                    .containsExactly("PATCH " + PODS + GPU2, "PUT " + SETS + "gpu/scale");
            assertThat(report.stepsFor("slurm/" + GPU1)).extracting(ExecutionReport.Step::outcome)
                    .containsExactly(Outcome.UNCHANGED);
            assertThat(markedPods()).containsExactly(GPU1);
            assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(2);
        }
    }

    @Test
    void whenTheLeaderLosesItsLeaseBetweenTheStepsTheNewLeaderClearsTheMarksOnceDemandIsBack() throws Exception {
        var leaseOfA = new AtomicBoolean(true);
        PlanExecutor a = interruptedAfterMarking(leaseOfA);
        var leaseOfB = new AtomicBoolean(false);
        try (KubeView viewOfB = otherView()) {
            PlanExecutor b = executor(false, viewOfB, leaseOfB::get);
            var keep = plan(List.of(target("gpu", 3, 3, List.of())), List.of()); // demand came back
            int before = objectWrites().size();

            // B follows: it observes the marks but writes nothing.
            assertThat(b.apply(keep, APPLY).steps()).extracting(ExecutionReport.Step::outcome)
                    .containsOnly(Outcome.NOT_LEADER);
            assertThat(objectWrites()).hasSize(before);

            // B takes the lease: it re-derives from the cluster that no scale-in is under way and clears both marks.
            leaseOfB.set(true);
            var report = b.apply(keep, APPLY);
            assertThat(objectWrites().subList(before, objectWrites().size()))
                    .containsExactlyInAnyOrder("PATCH " + PODS + GPU2, "PATCH " + PODS + GPU1);
            assertThat(report.stepsFor("slurm/" + GPU2)).singleElement().satisfies(s -> assertThat(s.detail())
                    .contains("clear deletion-cost").contains("no scale-in in progress needs it"));
            assertThat(markedPods()).isEmpty();
            assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);

            // A, no longer leader, writes nothing; B's next cycle has nothing left to do.
            int settled = objectWrites().size();
            assertThat(a.apply(keep, APPLY).steps()).extracting(ExecutionReport.Step::outcome)
                    .containsOnly(Outcome.NOT_LEADER);
            b.apply(keep, APPLY);
            assertThat(objectWrites()).hasSize(settled);
        }
    }

    @Test
    void aScaleInUnderWayKeepsItsMarksAndAScaleUpCancelsThem() throws Exception {
        var ex = executor(false);
        ex.apply(plan(List.of(target("gpu", 3, 1, List.of(GPU2, GPU1))), List.of()), APPLY);
        MockCluster.await("view sees the marks", () -> view.podsOf("gpu").stream().filter(ScaleInMarks::marked)
                .count() == 2);
        int lowered = objectWrites().size();

        // The operator is still draining gpu-2 and gpu-1 (3 pods, replicas 1): the marks are needed, nothing moves.
        ex.apply(plan(List.of(target("gpu", 1, 1, List.of())), List.of()), APPLY);
        assertThat(objectWrites()).hasSize(lowered);
        assertThat(markedPods()).containsExactly(GPU1, GPU2);

        // Demand came back before the operator got to them: replicas go up to 3 and no pod is to go any more.
        ex.apply(plan(List.of(target("gpu", 1, 3, List.of())), List.of()), APPLY);
        var writes = objectWrites().subList(lowered, objectWrites().size());
        assertThat(writes.subList(0, 2)).containsExactly("PATCH " + SETS + "gpu", "PUT " + SETS + "gpu/scale");
        assertThat(writes.subList(2, writes.size())).containsExactlyInAnyOrder("PATCH " + PODS + GPU1,
                "PATCH " + PODS + GPU2);
        assertThat(markedPods()).isEmpty();
    }

    @Test
    void whenLoweringReplicasFailsAfterRetriesTheMarksAreTakenBack() throws Exception {
        cluster.server.expect().put().withPath(SETS + "gpu/scale").andReturn(503, "unavailable").times(4);

        var report = executor(false).apply(plan(List.of(target("gpu", 3, 2, List.of(GPU2))), List.of()), APPLY);

        assertThat(report.stepsFor("slurm/gpu")).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(s.detail()).contains("HTTP 503");
        });
        assertThat(objectWrites()).containsExactly("PATCH " + PODS + GPU2, "PUT " + SETS + "gpu/scale",
                "PUT " + SETS + "gpu/scale", "PUT " + SETS + "gpu/scale", "PUT " + SETS + "gpu/scale",
                "PATCH " + PODS + GPU2);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(markedPods()).isEmpty();
        assertThat(Fields.intAt(nodeSet("gpu"), -1, "spec", "replicas")).isEqualTo(3);
    }
}
