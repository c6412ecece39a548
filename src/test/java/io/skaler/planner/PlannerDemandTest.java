package io.skaler.planner;

import static io.skaler.planner.Fixtures.NOW;
import static io.skaler.planner.Fixtures.busyNode;
import static io.skaler.planner.Fixtures.cpuShape;
import static io.skaler.planner.Fixtures.h100;
import static io.skaler.planner.Fixtures.idleNode;
import static io.skaler.planner.Fixtures.job;
import static io.skaler.planner.Fixtures.mixedNode;
import static io.skaler.planner.Fixtures.nodeSet;
import static io.skaler.planner.Fixtures.nodeSetPolicy;
import static io.skaler.planner.Fixtures.partition;
import static io.skaler.planner.Fixtures.pod;
import static io.skaler.planner.Fixtures.policy;
import static io.skaler.planner.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.ExcludedJob;
import io.skaler.model.Gres;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.NodeSetTarget.Action;
import io.skaler.model.PartitionDemand;
import io.skaler.model.Plan;
import io.skaler.policy.NodeShape;
import io.skaler.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Demand to nodes: what pending jobs ask for becomes exact node counts, classes and excluded jobs with reasons. */
class PlannerDemandTest {
    static final Policy GPU = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).max(16)));

    static NodeSetTarget target(Plan plan, String name) {
        return plan.targets().stream().filter(t -> t.nodeSet().name().equals(name)).findFirst().orElseThrow();
    }

    static PartitionDemand demand(Plan plan, String partition) {
        return plan.partitions().stream().filter(d -> d.name().equals(partition)).findFirst().orElseThrow();
    }

    @Test
    void jobsWithoutMemoryShareNodesWhenSlurmDoesNotScheduleMemory() {
        // 20 one-CPU jobs without --mem: where memory is consumable each takes a whole node's memory
        var jobs = new Fixtures.JobBuilder[20];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = job(100 + i).memPerNode(0);
        }
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0)).jobs(jobs).build();
        assertThat(target(Planner.plan(s, GPU, NOW), "gpu-h100").desired()).isEqualTo(16); // 20, capped at max 16
        var cpuOnly = new io.skaler.policy.Policy(GPU.partitions(), GPU.gresResources(), "cr-core", false);
        assertThat(target(Planner.plan(s, cpuOnly, NOW), "gpu-h100").desired()).isEqualTo(1);
    }

    @Test
    void aFourNodeEightGpuJobNeedsFourNodes() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(1).nodes(4).gresPerNode("gpu:h100", 8).exclusive()).build();
        Plan plan = Planner.plan(s, GPU, NOW);
        NodeSetTarget t = target(plan, "gpu-h100");
        assertThat(t.desired()).isEqualTo(4);
        assertThat(t.action()).isEqualTo(Action.SCALE_UP);
        assertThat(t.reasons()).anyMatch(r -> r.contains("1 pending job(s) in 1 class(es)"))
                .anyMatch(r -> r.contains("class [jobs 1]") && r.contains("x 4 node(s)") && r.contains("4 new"));
        PartitionDemand d = demand(plan, "gpu");
        assertThat(d.eligibleJobs()).isEqualTo(1);
        assertThat(d.pendingGpus()).isEqualTo(32);
        assertThat(d.nodesNeeded()).isEqualTo(4);
    }

    @Test
    void reasonsShowTheClassesThatOpenedMostNodesFirst() {
        // classes arrive smallest first; the reasons still name the three that opened the most nodes, in that order
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(1).nodes(1).gresPerNode("gpu:h100", 8).exclusive(),
                        job(2).nodes(2).gresPerNode("gpu:h100", 8).exclusive(),
                        job(3).nodes(3).gresPerNode("gpu:h100", 8).exclusive(),
                        job(4).nodes(4).gresPerNode("gpu:h100", 8).exclusive(),
                        job(5).nodes(5).gresPerNode("gpu:h100", 8).exclusive())
                .build();
        List<String> reasons = target(Planner.plan(s, GPU, NOW), "gpu-h100").reasons();
        List<String> shown = reasons.stream().filter(r -> r.startsWith("class [jobs ")).toList();
        assertThat(shown).hasSize(3);
        assertThat(shown.get(0)).startsWith("class [jobs 5]").endsWith("5 new node(s)");
        assertThat(shown.get(1)).startsWith("class [jobs 4]").endsWith("4 new node(s)");
        assertThat(shown.get(2)).startsWith("class [jobs 3]").endsWith("3 new node(s)");
        assertThat(reasons).contains("... and 2 more class(es)");
        assertThat(demand(Planner.plan(s, GPU, NOW), "gpu").pendingGpus()).isEqualTo(15 * 8);
    }

    @Test
    void issueExampleGivesFiveNodesForThirtySixGpus() {
        // 2 nodes running jobs, demand: one 2-node x 8 GPU job, --gpus=16 and 4 one-GPU jobs = 36 GPUs, 5 nodes
        NodeShape shape = h100();
        var s = snapshot()
                .nodeSets(nodeSet("gpu-h100", 2, pod("w-0", true, NOW.minusSeconds(3600)),
                        pod("w-1", true, NOW.minusSeconds(3600))))
                .nodes(busyNode("w-0", shape), busyNode("w-1", shape))
                .jobs(job(1).nodes(2).gresPerNode("gpu:h100", 8), job(2).gpusPerJob("gpu", 16),
                        job(3).gresPerNode("gpu", 1), job(4).gresPerNode("gpu", 1), job(5).gresPerNode("gpu", 1),
                        job(6).gresPerNode("gpu", 1))
                .build();
        Plan plan = Planner.plan(s, GPU, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(2 + 5);
        assertThat(demand(plan, "gpu").pendingGpus()).isEqualTo(36);
        assertThat(demand(plan, "gpu").eligibleJobs()).isEqualTo(6);
        assertThat(demand(plan, "gpu").nodesNeeded()).isEqualTo(5);
    }

    @Test
    void identicalJobsFormOneClassAndPackArithmetically() {
        var b = snapshot().nodeSets(nodeSet("gpu-h100", 0));
        for (int i = 0; i < 100; i++) {
            b.jobs(job(i).gresPerNode("gpu:h100", 1).tasks(1, 8));
        }
        Plan plan = Planner.plan(b.build(), GPU, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(13);
        assertThat(target(plan, "gpu-h100").reasons()).anyMatch(r -> r.contains("100 pending job(s) in 1 class(es)"));
    }

    @Test
    void arraysCountOnlyTheTasksAllowedToRun() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(7).gresPerNode("gpu:h100", 8).array(3), job(8).gresPerNode("gpu:h100", 8).array(0)).build();
        Plan plan = Planner.plan(s, GPU, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(3);
        assertThat(demand(plan, "gpu").eligibleJobs()).isEqualTo(3);
        assertThat(plan.excludedJobs()).extracting(ExcludedJob::jobId).containsExactly(8L);
    }

    @Test
    void blockedJobsAreExcludedWithSlurmsReason() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(812).gresPerNode("gpu", 8).blocked("JobHeldUser"),
                        job(813).gresPerNode("gpu", 8).blocked("Dependency"))
                .build();
        Plan plan = Planner.plan(s, GPU, NOW);
        assertThat(plan.excludedJobs()).containsExactly(new ExcludedJob(812, "JobHeldUser"),
                new ExcludedJob(813, "Dependency"));
        assertThat(target(plan, "gpu-h100").desired()).isZero();
        assertThat(target(plan, "gpu-h100").action()).isEqualTo(Action.NONE);
    }

    @Test
    void aJobEligibleOnlyLaterIsExcludedWhateverItsStaleReasonSays() {
        // anticipation off (lookAhead: 0s): PlannerAnticipationTest covers the look-ahead
        Policy noLookAhead = policy(partition("gpu", nodeSetPolicy("gpu-h100", h100()).max(16)
                .lookAhead(io.skaler.policy.LookAhead.OFF)));
        // right after sbatch --begin=+1h Slurm still says ReqNodeNotAvail (read as demand where placeholders exist)
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(901).gresPerNode("gpu", 8).eligibleAt(NOW.plusSeconds(3600)),
                        job(902).gresPerNode("gpu", 8).eligibleAt(NOW.plusSeconds(60)).blocked("BeginTime"),
                        job(903).gresPerNode("gpu", 8).eligibleAt(NOW),
                        job(904).gresPerNode("gpu", 8).het(904, 0), job(905).gresPerNode("gpu", 8).het(904, 1)
                                .eligibleAt(NOW.plusSeconds(1)))
                .build();

        Plan plan = Planner.plan(s, noLookAhead, NOW);

        assertThat(plan.excludedJobs()).containsExactly(
                new ExcludedJob(901, "eligible at 2026-11-25T13:00:00Z (Slurm's reason: Resources) (in 60m; anticipation off)"),
                new ExcludedJob(902, "eligible at 2026-11-25T12:01:00Z (in 1m; anticipation off)"),
                new ExcludedJob(904, "het job 904: component +1 (job 905) eligible at 2026-11-25T12:00:01Z"
                        + " (Slurm's reason: Resources) (in 0m1s; anticipation off); its components start together, so none is counted"),
                new ExcludedJob(905, "het job 904: component +1 (job 905) eligible at 2026-11-25T12:00:01Z"
                        + " (Slurm's reason: Resources) (in 0m1s; anticipation off); its components start together, so none is counted"));
        assertThat(target(plan, "gpu-h100").desired()).as("only job 903, eligible now").isEqualTo(1);
        assertThat(Planner.plan(s, noLookAhead, NOW.plusSeconds(3600)).excludedJobs()).as("an hour later only Slurm's reason")
                .containsExactly(new ExcludedJob(902, "BeginTime"));
    }

    @Test
    void jobsThatFitNoShapeAreReportedNotCounted() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(1).gresPerNode("gpu:h100", 16), job(2).gresPerNode("gpu:a100", 1),
                        job(3).nodes(17).exclusive(), job(4).constraint("mi300"))
                .build();
        Plan plan = Planner.plan(s, GPU, NOW);
        assertThat(target(plan, "gpu-h100").desired()).isZero();
        assertThat(plan.excludedJobs()).extracting(ExcludedJob::jobId).containsExactly(1L, 2L, 3L, 4L);
        assertThat(plan.excludedJobs()).allMatch(e -> e.reason().startsWith("fits no node shape of partition gpu"));
        assertThat(plan.excludedJobs().get(2).reason()).contains("maxReplicas 16");
        assertThat(plan.excludedJobs().get(3).reason()).contains("mi300");
        assertThat(demand(plan, "gpu").unplaceableJobs()).isEqualTo(4);
    }

    @Test
    void unmanagedPartitionsAreObservedOnly() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(1).partitions("debug").gresPerNode("gpu", 1)).build();
        Plan plan = Planner.plan(s, GPU, NOW);
        assertThat(plan.excludedJobs()).containsExactly(new ExcludedJob(1, "no managed partition among debug"));
    }

    @Test
    void aJobListingSeveralPartitionsCountsOnceInTheFirstThatCanHostIt() {
        Policy two = policy(
                partition("small", nodeSetPolicy("cpu-small", cpuShape(16, 64_000))),
                partition("gpu", nodeSetPolicy("gpu-h100", h100())));
        var s = snapshot().nodeSets(nodeSet("cpu-small", 0), nodeSet("gpu-h100", 0))
                .jobs(job(1).partitions("debug", "small", "gpu").tasks(1, 8), // small hosts it
                        job(2).partitions("small", "gpu").tasks(1, 64),          // too big for small: gpu
                        job(3).partitions("gpu", "small").tasks(1, 8))           // listed gpu first
                .build();
        Plan plan = Planner.plan(s, two, NOW);
        assertThat(demand(plan, "small").eligibleJobs()).isEqualTo(1);
        assertThat(demand(plan, "gpu").eligibleJobs()).isEqualTo(2);
        assertThat(target(plan, "cpu-small").desired()).isEqualTo(1);
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(1); // 64 + 8 CPUs share one 96-CPU node
    }

    @Test
    void freeRoomOnIdleAndPartlyUsedNodesIsSubtracted() {
        NodeShape shape = h100();
        var s = snapshot()
                .nodeSets(nodeSet("gpu-h100", 2, pod("w-0", true, NOW.minusSeconds(3600)),
                        pod("w-1", true, NOW.minusSeconds(3600))))
                .nodes(idleNode("w-0", shape, NOW.minusSeconds(60)),
                        mixedNode("w-1", shape, 48, 500_000, Gres.of("gpu:h100", 4)))
                .jobs(job(1).gresPerNode("gpu", 4), job(2).gresPerNode("gpu", 4), job(3).gresPerNode("gpu", 4),
                        job(4).gresPerNode("gpu", 4))
                .build();
        Plan plan = Planner.plan(s, GPU, NOW);
        // w-1 takes one (4 GPUs free), w-0 takes two, the fourth needs one new node
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(3);
        assertThat(demand(plan, "gpu").nodesNeeded()).isEqualTo(3);
    }

    @Test
    void gpusPerJobAndPerTaskUseTheFewestNodes() {
        var s = snapshot().nodeSets(nodeSet("gpu-h100", 0))
                .jobs(job(1).gpusPerJob("gpu", 20), job(2).tasks(12, 4).gpusPerTask("gpu", 1)).build();
        Plan plan = Planner.plan(s, GPU, NOW);
        // job 1: 3 nodes x 7 GPU; job 2: 2 nodes x 6 GPU (8 tasks a node at most, 6 each); 6 does not fit beside 7
        assertThat(target(plan, "gpu-h100").desired()).isEqualTo(5);
        assertThat(demand(plan, "gpu").pendingGpus()).isEqualTo(32);
    }

    @Test
    void drainedIdleNodesOfferNoRoom() {
        NodeShape shape = h100();
        var s = snapshot()
                .nodeSets(nodeSet("gpu-h100", 1, pod("w-0", true, NOW.minusSeconds(3600))))
                .nodes(Fixtures.withState(idleNode("w-0", shape, NOW.minusSeconds(60)), "IDLE", "DRAIN"))
                .jobs(job(1).gresPerNode("gpu", 8)).build();
        assertThat(target(Planner.plan(s, GPU, NOW), "gpu-h100").desired()).isEqualTo(2);
    }
}
