package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.busyNode;
import static io.skaler.planner.Fixtures.cpuShape;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.job;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.pod;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.snapshot;
import static io.skaler.planner.PlannerDemandTest.demand;
import static io.skaler.planner.PlannerDemandTest.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.ExcludedJob;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.Plan;
import io.skaler.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Het jobs: all components start together, so a het job is counted all or nothing, each component in its own
 * partition. Het job 100: component +0 (job 100) asks 2 whole GPU nodes in partition gpu, component +1 (job 101)
 * 16 CPUs in partition cpu.
 */
class PlannerHetJobTest {
    static final Policy TWO = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).max(16)),
            partition("cpu", nodeSetPolicy("cpu", cpuShape(64, 256_000)).max(2)));

    static Fixtures.JobBuilder gpuPart() {
        return job(100).het(100, 0).partitions("gpu").nodes(2).gresPerNode("gpu:h100", 8).exclusive();
    }

    static Fixtures.JobBuilder cpuPart() {
        return job(101).het(100, 1).partitions("cpu").tasks(16, 1);
    }

    @Test
    void everyComponentCountsInItsOwnPartition() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0), nodeSet("cpu", 0)).jobs(gpuPart(), cpuPart()).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(2);
        assertThat(target(plan, "cpu").desired()).isEqualTo(1);
        assertThat(demand(plan, "gpu").eligibleJobs()).isEqualTo(1);
        assertThat(demand(plan, "cpu").eligibleJobs()).isEqualTo(1);
        assertThat(plan.excludedJobs()).isEmpty();
    }

    @Test
    void componentsWithTheSameRequestAreNotMergedAwayAndStayApartFromPlainJobs() {
        // two identical whole-node components and an identical plain job: three nodes, each counted once
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(200).het(200, 0).nodes(1).gresPerNode("gpu:h100", 8).exclusive(),
                        job(201).het(200, 1).nodes(1).gresPerNode("gpu:h100", 8).exclusive(),
                        job(300).nodes(1).gresPerNode("gpu:h100", 8).exclusive())
                .build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(3);
        assertThat(demand(plan, "gpu").eligibleJobs()).isEqualTo(3);
    }

    @Test
    void aHeldComponentKeepsTheWholeHetJobOut() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0), nodeSet("cpu", 0))
                .jobs(gpuPart(), cpuPart().blocked("JobHeldUser")).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isZero();
        assertThat(target(plan, "cpu").desired()).isZero();
        assertThat(plan.excludedJobs()).extracting(ExcludedJob::jobId).containsExactly(100L, 101L);
        assertThat(plan.excludedJobs()).allSatisfy(e -> assertThat(e.reason())
                .startsWith("het job 100: component +1 (job 101) JobHeldUser")
                .endsWith("none is counted"));
        assertThat(demand(plan, "gpu").eligibleJobs()).isZero();
    }

    @Test
    void aComponentThatFitsNoShapeKeepsTheWholeHetJobOut() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0), nodeSet("cpu", 0))
                .jobs(gpuPart(), cpuPart().tasks(1, 128)).build(); // 128 CPUs in one task: no 64-CPU node holds it
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isZero();
        assertThat(target(plan, "cpu").desired()).isZero();
        List<ExcludedJob> excluded = plan.excludedJobs();
        assertThat(excluded).extracting(ExcludedJob::jobId).containsExactly(100L, 101L);
        assertThat(excluded.get(0).reason()).startsWith("het job 100: component +1 (job 101): fits no node shape of "
                + "partition cpu");
        assertThat(excluded.get(1).reason()).startsWith("het job 100: fits no node shape of partition cpu");
        assertThat(demand(plan, "cpu").unplaceableJobs()).isEqualTo(1); // the component that does not fit
        assertThat(demand(plan, "gpu").unplaceableJobs()).isZero();
    }

    @Test
    void aComponentInNoManagedPartitionKeepsTheWholeHetJobOut() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0), nodeSet("cpu", 0))
                .jobs(gpuPart(), cpuPart().partitions("debug")).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isZero();
        assertThat(plan.excludedJobs()).extracting(ExcludedJob::reason)
                .allMatch(r -> r.contains("no managed partition among debug"));
    }

    @Test
    void whenALimitBindsForOneComponentNoComponentIsServed() {
        // the cpu NodeSet is at maxReplicas 2 with both nodes busy: component +1 finds no room, so the GPU nodes of
        // component +0 are not asked for either (half a het job would never start)
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0),
                        nodeSet("cpu", 2, pod("cpu-0", true, NOW.minusSeconds(3600)),
                                pod("cpu-1", true, NOW.minusSeconds(3600))))
                .nodes(busyNode("cpu-0", cpuShape(64, 256_000)), busyNode("cpu-1", cpuShape(64, 256_000)))
                .jobs(gpuPart(), cpuPart(), job(7).partitions("gpu").gresPerNode("gpu:h100", 1)).build();
        Plan plan = Planner.plan(s, TWO, NOW);
        assertThat(target(plan, "gpu-h100").desired()).as("only the plain 1-GPU job").isEqualTo(1);
        assertThat(target(plan, "cpu").desired()).isEqualTo(2);
        assertThat(target(plan, "cpu").action()).isNotEqualTo(Action.SCALE_UP);
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("het job 100 not served: component +1 (job 101)")
                && w.contains("partition cpu"));
        assertThat(demand(plan, "cpu").nodesNeeded()).as("the demand still shows").isEqualTo(1);
        assertThat(plan.excludedJobs()).isEmpty();
    }

    @Test
    void aHetJobThatFitsIsPackedBeforeOtherJobsTakeTheRoom() {
        // one idle GPU node and room for one more: het job first, the plain job gets what is left
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0), nodeSet("cpu", 0))
                .jobs(job(7).partitions("gpu").nodes(1).gresPerNode("gpu:h100", 8).exclusive(), gpuPart(), cpuPart())
                .build();
        Policy tight = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).max(2)),
                partition("cpu", nodeSetPolicy("cpu", cpuShape(64, 256_000)).max(2)));
        Plan plan = Planner.plan(s, tight, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(2);
        assertThat(target(plan, "cpu").desired()).isEqualTo(1);
        assertThat(plan.warnings()).noneMatch(w -> w.contains("not served"));
    }
}
