package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.CuttableProxy;
import io.skaler.sandbox.DevSlurmOperator;
import io.skaler.testing.RealSlurm;
import io.skaler.testing.RealSlurmExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The closed loop on the real Slurm (24.11 or 26.05): the real skaler (Autoscaler, SlurmClient, SlurmReader) against
 * the harness's slurmctld/slurmrestd and the fabric8 mock Kubernetes API with the CRDs; the test plays kubelet and
 * slurm-operator ({@link DevSlurmOperator}), naming pods as Slinky does: pod {@code slurm-worker-gpu-h100-0} is Slurm
 * node {@code gpu-h100-0}, so skaler finds a pod's node through its pod-hostname label. Jobs are submitted with sbatch, really run on the slurmd skaler's scale-up
 * started, and the idle nodes leave through the drain path. At the end Slurm itself is audited: no job lost.
 */
@ExtendWith(RealSlurmExtension.class)
class ClosedLoopRealSlurmTest {
    private static final String SET = RealSlurm.GPU_NODESET;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration IDLE_FOR = Duration.ofSeconds(20);
    private static final Pattern SCALE_REPLICAS = Pattern.compile("\"replicas\"\\s*:\\s*(\\d+)");
    private static final String POLICY = """
            apiVersion: skaler.io/v1alpha1
            kind: Policy
            defaults:
              scaleDown: {idleFor: 20s, stabilizationWindow: 5s, maxNodesPerCycle: 10}
              provisioningTimeout: 5m
            partitions:
              - name: gpu-h100
                nodeSets:
                  - name: %s
                    namespace: slurm
                    node: {cpus: 96, memoryMB: 1000000, gres: {"gpu:h100": 8}, features: [%s, h100, gpu]}
                    maxReplicas: 4
            """.formatted(SET, RealSlurm.GPU_SLURM_NODESET);

    private RealSlurm slurm;
    private ClosedLoopKube kube;
    private CuttableProxy slurmLink;
    private CuttableProxy kubeLink;
    private DevSlurmOperator operator;
    private SkalerUnderTest skaler;
    private LoopDriver loop;
    private final List<Long> submitted = new ArrayList<>();
    /** A file in the cluster whose creation lets the held jobs end (unique: instances share the chroot). */
    private final String jobRelease = "/tmp/skaler-closed-loop-release-" + java.util.UUID.randomUUID();
    private boolean jobsReleased;

    @BeforeEach
    void rig(RealSlurm slurm) throws Exception {
        this.slurm = slurm;
        kube = new ClosedLoopKube(SET, RealSlurm.GPU_HOSTNAME, POLICY);
        slurmLink = new CuttableProxy(slurm.port());
        kubeLink = new CuttableProxy(kube.server.getPort());
        operator = new DevSlurmOperator(kube.admin, slurm, ClosedLoopKube.NS, SET);
        skaler = newSkaler();
        loop = new LoopDriver(kube, operator, SET, () -> skaler);
        loop.until("skaler's first successful cycle (view synced, policy accepted)", WAIT,
                t -> t.result() == CycleOutcome.Result.OK);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (slurm != null) {
            if (!jobsReleased) {
                releaseJobs(); // a failed test leaves no job waiting forever
            }
            slurm.inChroot("rm", "-f", jobRelease);
        }
        // the timeline, for whoever reads a failure: each step's outcome, the replicas and pods after it
        loop.ticks().forEach(t -> System.err.printf("[closed-loop] %s %s replicas=%d pods=%d %s %s%n", t.at(),
                t.result(), t.replicas(), t.pods(), t.detail(), t.reasons()));
        try {
            if (skaler != null) {
                skaler.close();
            }
        } finally {
            slurmLink.close();
            kubeLink.close();
            kube.close();
        }
    }

    @Test
    void gpuJobsScaleTheNodeSetUpRunAndTheIdleNodesLeaveThroughTheDrainPath() throws Exception {
        submit("alice", "-N", "2", "--gres=gpu:h100:8", "--wrap", "sleep 20");
        submit("bob", "--array=0-3", "--gres=gpu:h100:2", "--wrap", "sleep 15");

        loop.until("every job finished", Duration.ofSeconds(180), t -> allFinished());
        int peak = loop.ticks().stream().mapToInt(LoopDriver.Tick::replicas).max().orElseThrow();
        loop.until("the NodeSet scaled back to 0 and its pods gone", WAIT,
                t -> t.replicas() == 0 && t.pods() == 0);

        assertThat(peak).as("a 2-node job and an array that fits one node need exactly 3 nodes").isEqualTo(3);
        assertThat(loop.replicaHistory()).as("replicas go up, then down, never flapping")
                .startsWith(0).endsWith(0).isSubsetOf(List.of(0, 1, 2, 3, 4));
        assertUpThenDown(loop.replicaHistory());
        assertThat(operator.added()).hasSize(peak).allMatch(node -> node.startsWith(RealSlurm.GPU_HOSTNAME));
        assertScaleInWentThroughTheDrainPath(peak);
        assertNoJobLost(5); // the 2-node job and 4 array tasks
        for (String node : operator.added()) {
            assertThat(operator.slurmState(node)).as("slurmd of %s stopped, node back to FUTURE", node)
                    .startsWith("FUTURE");
        }
    }

    /**
     * Issue 8, "never a lost job": faults injected while jobs run and while the idle nodes wait to go: a 409 on the
     * scale-up and on the scale-down write, an invalid policy edit, the Kubernetes API cut (watches dropped), skaler
     * restarted between cycles with jobs running, and slurmrestd unreachable exactly when scale-in would be due.
     */
    @Test
    void noJobIsLostAndNothingShrinksWhileSkalersInputsFail() throws Exception {
        String scalePath = "/apis/slinky.slurm.net/v1beta1/namespaces/slurm/nodesets/" + SET + "/scale";
        kube.conflictOnce("PUT", scalePath); // fault 1: a 409 on the scale-up
        // the jobs run until the test releases them after fault 4: faults 1-4 happen while they run however slow
        // the machine is (with "sleep 40" a loaded machine let them end, and the idle nodes go, in the middle)
        String heldJob = "until [ -e " + jobRelease + " ]; do sleep 1; done";
        submit("alice", "-N", "2", "--gres=gpu:h100:8", "--wrap", heldJob);
        submit("bob", "--array=0-1", "--gres=gpu:h100:4", "--wrap", heldJob);
        loop.until("3 nodes up and every job running", WAIT, t -> t.replicas() == 3 && t.pods() == 3
                && running() == 3);
        assertThat(skaler.registry.find("skaler.kube.write.retries").counters())
                .as("the 409 was met and retried").anySatisfy(c -> assertThat(c.count()).isPositive());

        // fault 2: the policy ConfigMap edited to an invalid policy; the last good one stays in force
        String goodVersion = skaler.autoscaler.status().policy().orElseThrow().policy().version();
        kube.setPolicy(POLICY.replace("maxReplicas: 4", "maxReplicas: -4"));
        loop.until("the invalid policy rejected", WAIT,
                t -> skaler.autoscaler.status().policyRejection().isPresent());
        assertThat(skaler.autoscaler.status().policyRejection().orElseThrow().verdict().toString())
                .contains("maxReplicas");
        loop.during(Duration.ofSeconds(3), t -> {
            assertThat(t.result()).isEqualTo(CycleOutcome.Result.OK);
            assertThat(t.replicas()).as("capacity held under the last good policy").isEqualTo(3);
        });
        assertThat(skaler.autoscaler.status().policy().orElseThrow().policy().version()).isEqualTo(goodVersion);
        kube.setPolicy(POLICY);

        // fault 3: the Kubernetes API cut (every watch dropped) with jobs running: stale, nothing written
        int writesBefore = kube.writes().size();
        kubeLink.cut();
        loop.until("the view noticed the cut", WAIT, t -> t.result() == CycleOutcome.Result.STALE);
        loop.during(Duration.ofSeconds(3), t -> assertThat(t.result()).isEqualTo(CycleOutcome.Result.STALE));
        assertThat(kube.writes()).as("no write while the view is stale").hasSize(writesBefore);
        kubeLink.restore();
        loop.until("the view resynced", WAIT, t -> t.result() == CycleOutcome.Result.OK);

        // fault 4: skaler restarted between two cycles, jobs still running: it re-derives everything, shrinks nothing
        skaler.close();
        skaler = newSkaler();
        loop.until("the restarted skaler's first successful cycle", WAIT,
                t -> t.result() == CycleOutcome.Result.OK);
        assertThat(kube.replicas(SET)).isEqualTo(3);

        // fault 5: slurmrestd unreachable just as the idle nodes would be due to go: nothing shrinks
        releaseJobs();
        loop.until("every job finished", Duration.ofSeconds(180), t -> allFinished());
        slurmLink.cut();
        writesBefore = kube.writes().size();
        var cut = loop.during(IDLE_FOR.plusSeconds(15), t -> {
            assertThat(t.result()).as("Slurm unreachable: %s", t.detail()).isEqualTo(CycleOutcome.Result.STALE);
            assertThat(t.replicas()).as("capacity held while Slurm is unreachable").isEqualTo(3);
        });
        assertThat(cut).isNotEmpty();
        assertThat(kube.writes()).as("no write while Slurm is unreachable").hasSize(writesBefore);

        // recovery, with fault 6: a 409 on the scale-down write
        kube.conflictOnce("PUT", scalePath);
        slurmLink.restore();
        loop.until("the NodeSet scaled back to 0 once Slurm answered again", WAIT,
                t -> t.replicas() == 0 && t.pods() == 0);

        assertThat(skaler.registry.find("skaler.kube.write.retries").counters())
                .as("the 409 on the scale-down was met and retried").anySatisfy(c -> assertThat(c.count()).isPositive());
        assertUpThenDown(loop.replicaHistory());
        assertScaleInWentThroughTheDrainPath(3);
        assertNoJobLost(3);
    }

    private SkalerUnderTest newSkaler() {
        return new SkalerUnderTest(kube.skalerClient(kubeLink.port()),
                java.net.URI.create("http://127.0.0.1:" + slurmLink.port()), jwtKey());
    }

    private void releaseJobs() {
        slurm.inChroot("touch", jobRelease);
        jobsReleased = true;
    }

    private void submit(String user, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "-p";
        all[1] = "gpu-h100";
        // an explicit memory request: without one Slurm reports memory_per_node 0, which skaler reads as --mem=0
        // (whole node), and GPU array tasks would each get a node of their own
        all[2] = "--mem=1024";
        System.arraycopy(args, 0, all, 3, args.length);
        submitted.add(slurm.sbatch(user, all));
    }

    private Map<String, SlurmJobAudit.JobEnd> jobs() throws Exception {
        return new SlurmJobAudit(slurm.baseUrl(), slurm.slurmUserToken()).jobs(submitted);
    }

    private boolean allFinished() throws Exception {
        var jobs = jobs();
        return !jobs.isEmpty() && jobs.values().stream().noneMatch(j -> j.states().contains("PENDING")
                || j.states().contains("RUNNING") || j.states().contains("COMPLETING"));
    }

    private long running() throws Exception {
        return jobs().values().stream().filter(j -> j.states().contains("RUNNING")).count();
    }

    private void assertNoJobLost(int expected) throws Exception {
        var jobs = jobs();
        assertThat(jobs.values()).as("jobs lost (CANCELLED, NODE_FAIL, requeued): %s", jobs)
                .noneMatch(SlurmJobAudit.JobEnd::lost);
        assertThat(jobs).as("every job (array task) completed: %s", jobs).hasSize(expected)
                .allSatisfy((k, j) -> assertThat(j.completed()).as("job %s: %s", k, j).isTrue());
    }

    private static void assertUpThenDown(List<Integer> history) {
        int top = history.indexOf(history.stream().max(Integer::compare).orElseThrow());
        for (int i = 1; i < history.size(); i++) {
            if (i <= top) {
                assertThat(history.get(i)).as("rising to the peak: %s", history).isGreaterThan(history.get(i - 1));
            } else {
                assertThat(history.get(i)).as("falling after the peak: %s", history).isLessThan(history.get(i - 1));
            }
        }
    }

    /**
     * Every pod the operator removed was idle in Slurm when replicas dropped and carried skaler's deletion-cost; in
     * skaler's own writes, each lowering of replicas came after the deletion-cost of as many pods as it removed.
     */
    private void assertScaleInWentThroughTheDrainPath(int removed) {
        assertThat(operator.removed()).hasSize(removed).allSatisfy(r -> {
            assertThat(r.pod()).as("the pod of Slurm node %s", r.node())
                    .isEqualTo(SET + "-" + r.node().substring(RealSlurm.GPU_HOSTNAME.length()));
            assertThat(r.idleAtDecision()).as("%s idle in Slurm when chosen (State=%s)", r.pod(),
                    r.slurmStateAtDecision()).isTrue();
            assertThat(r.deletionCost()).as("%s carried skaler's deletion-cost", r.pod()).isNotEmpty();
            assertThat(Integer.parseInt(r.deletionCost())).isNegative();
        });
        Set<String> annotated = new java.util.HashSet<>();
        int current = -1;
        boolean sawScaleDown = false;
        for (var w : kube.writes()) {
            if (w.path().contains("/pods/") && w.body().contains("pod-deletion-cost")) {
                annotated.add(w.path().substring(w.path().lastIndexOf('/') + 1).split("\\?")[0]);
            }
            Optional<Integer> replicas = scaleReplicas(w);
            if (replicas.isPresent()) {
                if (current >= 0 && replicas.get() < current) {
                    sawScaleDown = true;
                    assertThat(annotated.size()).as("pods annotated before replicas %d -> %d", current,
                            replicas.get()).isGreaterThanOrEqualTo(current - replicas.get());
                }
                current = replicas.get();
            }
        }
        assertThat(sawScaleDown).as("skaler lowered replicas through /scale").isTrue();
        assertThat(annotated).containsAll(operator.removed().stream().map(DevSlurmOperator.Removal::pod).toList());
    }

    private static Optional<Integer> scaleReplicas(ClosedLoopKube.Write w) {
        if (!w.path().split("\\?")[0].endsWith("/" + SET + "/scale") || !w.method().equals("PUT")) {
            return Optional.empty();
        }
        Matcher m = SCALE_REPLICAS.matcher(w.body());
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The instance's own HS256 key, where deploy/dev/slurm/start writes it (STATE_BASE/PORT/root/etc/slurm). */
    private Path jwtKey() {
        String state = Optional.ofNullable(System.getenv("SKALER_SLURM_STATE")).orElse("/var/lib/skaler-dev-slurm");
        return Path.of(state, Integer.toString(slurm.port()), "root", "etc", "slurm", "jwt_hs256.key");
    }
}
