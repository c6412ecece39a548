package io.skaler.slurm;

import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs and nodes made with sbatch/scontrol on a real Slurm (24.11 or 26.05), read back through every API version it
 * serves (24.11: v0.0.40-42; 26.05: v0.0.42-45) and asserted field by field. The cluster's GPU and Trainium partitions are made of State=FUTURE placeholders (hidden
 * from /nodes), as skaler's scale-from-zero setups are.
 */
@ExtendWith(RealSlurmExtension.class)
class SlurmParsersRealSlurmTest {
    private static volatile List<ApiVersion> served;
    private static final String GPU = "gpu-h100";
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(120); // a ceiling, never a pace

    /** The versions this Slurm serves, asked once: each answers its ping with something other than 404. */
    private static List<ApiVersion> served(RealSlurm slurm) throws Exception {
        if (served == null) {
            var client = new SlurmClient(SlurmClientSettings.of(slurm.baseUrl()),
                    SlurmClientStatusTest.staticToken(slurm.slurmUserToken()),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            List<ApiVersion> found = new java.util.ArrayList<>();
            for (ApiVersion v : ApiVersion.values()) {
                if (client.serves(v)) {
                    found.add(v);
                }
            }
            assertThat(found).as("24.11 serves v0.0.40-42, 26.05 v0.0.42-45").hasSizeGreaterThanOrEqualTo(3);
            served = List.copyOf(found);
        }
        return served;
    }

    private static SlurmBodies.Read read(RealSlurm slurm, ApiVersion v) throws Exception {
        return new SlurmBodies(slurm.baseUrl(), slurm.slurmUserToken(), v).read();
    }

    @Test
    void multiNodeGpuJob(RealSlurm slurm) throws Exception {
        long id = slurm.sbatch("alice", "-p", GPU, "-N", "2", "--gres=gpu:h100:8", "--mem=64000", "--wrap", "sleep 600");
        for (ApiVersion v : served(slurm)) {
            var read = read(slurm, v);
            PendingJob j = read.job(id);
            assertThat(j.partitions()).as(v.text()).containsExactly(GPU);
            assertThat(j.minNodes()).as(v.text()).isEqualTo(2);
            assertThat(j.gresPerNode()).as(v.text()).isEqualTo(Gres.of("gpu:h100", 8));
            assertThat(j.gresPerJob()).as(v.text()).isEqualTo(Gres.NONE);
            assertThat(j.memory()).as(v.text()).isEqualTo(MemoryRequest.perNode(64000));
            assertThat(j.exclusive()).as(v.text()).isFalse();
            assertThat(j.runnableTasks()).as(v.text()).isEqualTo(1);
            assertThat(j.submitTime()).as(v.text()).isPositive();
            assertThat(j.priority()).as(v.text()).isPositive();
            assertThat(j.eligibility().demand()).as(v.text() + " " + j.stateReason() + " / " + j.stateDescription())
                    .isTrue();
            assertThat(read.jobsAnswer().meta().dataParser()).isEqualTo("data_parser/" + v.text());
        }
    }

    @Test
    void gpuArrayAndThrottledArray(RealSlurm slurm) throws Exception {
        long gpuArray = slurm.sbatch("alice", "-p", GPU, "--array=0-9", "--gres=gpu:h100:1", "--wrap", "sleep 600");
        long throttled = slurm.sbatch("bob", "-p", "cpu", "--array=0-19%3", "-c", "1", "--wrap", "sleep 600");
        awaitRunningTasks(slurm, throttled, 2); // cpu-0 has 2 CPUs: 2 tasks run, throttle 3 leaves room for 1
        for (ApiVersion v : served(slurm)) {
            var read = read(slurm, v);
            PendingJob a = read.job(gpuArray);
            assertThat(a.runnableTasks()).as(v.text()).isEqualTo(10);
            assertThat(a.gresPerNode()).as(v.text()).isEqualTo(Gres.of("gpu:h100", 1));
            PendingJob t = read.job(throttled);
            assertThat(t.runnableTasks()).as(v.text() + ": 18 pending, throttle 3, 2 running").isEqualTo(1);
            assertThat(t.partitions()).containsExactly("cpu");
            assertThat(read.jobsAnswer().problems()).as(v.text())
                    .noneMatch(p -> p.contains("array_task_string"));
        }
    }

    @Test
    void gpusPerJobAndPerTask(RealSlurm slurm) throws Exception {
        long perJob = slurm.sbatch("alice", "-p", GPU, "-N", "2", "--gpus=16", "--wrap", "sleep 600");
        long perTask = slurm.sbatch("alice", "-p", GPU, "-n", "4", "--gpus-per-task=1", "-c", "2", "--wrap", "sleep 600");
        for (ApiVersion v : served(slurm)) {
            var read = read(slurm, v);
            assertThat(read.job(perJob).gresPerJob()).as(v.text()).isEqualTo(Gres.of("gpu", 16));
            assertThat(read.job(perJob).gresPerNode()).as(v.text()).isEqualTo(Gres.NONE);
            PendingJob t = read.job(perTask);
            assertThat(t.gresPerTask()).as(v.text()).isEqualTo(Gres.of("gpu", 1));
            assertThat(t.tasks()).as(v.text()).isEqualTo(4);
            assertThat(t.cpusPerTask()).as(v.text()).isEqualTo(2);
        }
    }

    @Test
    void constraintExclusiveAndTwoPartitions(RealSlurm slurm) throws Exception {
        long constrained = slurm.sbatch("alice", "-p", GPU, "-C", "h100", "--gres=gpu:h100:2", "--wrap", "sleep 600");
        long exclusive = slurm.sbatch("alice", "-p", GPU, "--exclusive", "--wrap", "sleep 600");
        long twoParts = slurm.sbatch("bob", "-p", "trn1," + GPU, "--wrap", "sleep 600");
        for (ApiVersion v : served(slurm)) {
            var read = read(slurm, v);
            assertThat(read.job(constrained).features()).as(v.text()).isEqualTo("h100");
            assertThat(read.job(constrained).exclusive()).as(v.text()).isFalse();
            assertThat(read.job(exclusive).exclusive()).as(v + " (v0.0.45 hides --exclusive)").isEqualTo(v.showsExclusivity());
            assertThat(read.job(twoParts).partitions()).as(v.text()).containsExactly("trn1", GPU);
        }
    }

    @Test
    void heldAndDependentJobsAreBlockedWithTheirReasons(RealSlurm slurm) throws Exception {
        long held = slurm.sbatch("alice", "-p", GPU, "-H", "--gres=gpu:h100:1", "--wrap", "sleep 600");
        long dependent = slurm.sbatch("alice", "-p", GPU, "--dependency=afterok:" + held, "--wrap", "sleep 600");
        for (ApiVersion v : served(slurm)) {
            var read = read(slurm, v);
            PendingJob h = read.job(held);
            assertThat(h.eligibility().demand()).as(v.text()).isFalse();
            assertThat(h.eligibility().reason()).as(v.text()).isEqualTo("JobHeldUser");
            assertThat(h.priority()).as(v.text()).isZero();
            PendingJob d = read.job(dependent);
            assertThat(d.eligibility().demand()).as(v.text()).isFalse();
            // right after sbatch the reason is still ReqNodeNotAvail, after a scheduler pass Dependency: the dependency
            // field, not state_reason, is what blocks it and what the plan says
            assertThat(d.eligibility().reason()).as(v.text() + " " + d.stateReason())
                    .startsWith("dependency afterok:" + held).endsWith("(unfulfilled)");
        }
    }

    @Test
    void runningJobIsNotPendingAndItsNodeRunsJobs(RealSlurm slurm) throws Exception {
        long running = slurm.sbatch("alice", "-p", "cpu", "-c", "1", "--wrap", "sleep 600");
        awaitNode(slurm, "cpu-0", n -> n.allocCpus() > 0);
        for (ApiVersion v : served(slurm)) {
            var read = read(slurm, v);
            assertThat(read.maybeJob(running)).as(v.text()).isEmpty();
            SlurmNode cpu0 = read.node("cpu-0");
            assertThat(cpu0.allocCpus()).as(v.text()).isEqualTo(1);
            assertThat(cpu0.cpus()).as(v.text()).isEqualTo(2);
            assertThat(cpu0.state().base()).as(v.text()).isEqualTo("MIXED");
            assertThat(cpu0.runsJobs()).as(v.text()).isTrue();
            assertThat(cpu0.partitions()).as(v.text()).containsExactly("cpu");
        }
    }

    @Test
    void drainedNodeKeepsReasonAndWho(RealSlurm slurm) throws Exception {
        slurm.scontrol("update", "nodename=cpu-0", "state=drain", "reason=skaler test drain");
        for (ApiVersion v : served(slurm)) {
            SlurmNode cpu0 = read(slurm, v).node("cpu-0");
            assertThat(cpu0.state().drain()).as(v.text()).isTrue();
            assertThat(cpu0.state().base()).as(v.text()).isEqualTo("IDLE");
            assertThat(cpu0.reason()).as(v.text()).isEqualTo("skaler test drain");
            assertThat(cpu0.reasonSetByUser()).as(v.text()).isEqualTo("root");
            assertThat(cpu0.reasonChangedAt()).as(v.text()).isPositive();
            assertThat(cpu0.runsJobs()).as(v.text()).isFalse();
        }
    }

    @Test
    void dynamicNodeJoinsTheGpuPartition(RealSlurm slurm) throws Exception {
        String name = RealSlurm.gpuNode(20);
        slurm.nodeUp(name);
        awaitNode(slurm, name, n -> n.state().base().equals("IDLE"));
        for (ApiVersion v : served(slurm)) {
            var read = read(slurm, v);
            SlurmNode n = read.node(name);
            assertThat(n.state().has("DYNAMIC_NORM")).as(v.text() + " " + n.state()).isTrue();
            assertThat(n.partitions()).as(v.text()).contains(GPU);
            assertThat(n.features()).as(v.text()).contains(RealSlurm.GPU_SLURM_NODESET, "h100", "gpu");
            assertThat(n.cpus()).as(v.text()).isEqualTo(96);
            assertThat(n.realMemoryMB()).as(v.text()).isEqualTo(1_000_000L);
            assertThat(n.gres()).as(v.text()).isEqualTo(Gres.of("gpu:h100", 8));
            assertThat(n.gresUsed().isEmpty()).as(v.text()).isTrue();
            assertThat(read.partition(GPU).nodeSets()).as(v.text()).contains(RealSlurm.GPU_SLURM_NODESET);
        }
    }

    private static void awaitRunningTasks(RealSlurm slurm, long arrayJobId, int tasks) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String out = slurm.scontrol("show", "job", Long.toString(arrayJobId));
            int running = out.split("JobState=RUNNING", -1).length - 1;
            if (running >= tasks) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("array " + arrayJobId + " never had " + tasks + " running tasks");
    }

    private static void awaitNode(RealSlurm slurm, String name, Predicate<SlurmNode> ready) throws Exception {
        var bodies = new SlurmBodies(slurm.baseUrl(), slurm.slurmUserToken(), ApiVersion.V0_0_42);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var nodes = new NodesParser().parse(bodies.get("nodes")).items();
            if (nodes.stream().anyMatch(n -> n.name().equals(name) && ready.test(n))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("node " + name + " never got ready");
    }
}
