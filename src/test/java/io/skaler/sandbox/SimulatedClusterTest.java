package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {
    static final String NS = "slurm";
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());
    final SandboxKube kube = SandboxKube.start(clock::now);
    final List<String> failures = new ArrayList<>();
    final List<String> scaled = new ArrayList<>();
    SimulatedKarpenter karpenter;
    SimulatedKubelet kubelet;

    void start(double failureShare, Map<String, BigDecimal> gpuLimits, OptionalLong staticCpu) {
        var pools = List.of(
                new SandboxNodePool("h100", "p5.48xlarge", Map.of("cpu", BigDecimal.valueOf(96),
                        "nvidia.com/gpu", BigDecimal.valueOf(8)), gpuLimits, OptionalLong.empty()),
                new SandboxNodePool("cpu", "m7i.16xlarge", Map.of("cpu", BigDecimal.valueOf(64)),
                        Map.of(), staticCpu));
        SandboxObjects.create(kube.client(), NS, Jobs.cluster(), pools);
        var settings = new KarpenterSettings(Duration.ofSeconds(60), failureShare, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(30), 7);
        karpenter = new SimulatedKarpenter(kube.client(), clock, settings, pools);
        kubelet = new SimulatedKubelet(kube.client(), clock, slurm, karpenter, NS, Duration.ofSeconds(5),
                Duration.ofSeconds(30)).start();
        karpenter.addListener(new ClusterListener() {
            @Override
            public void capacityFailure(String nodePool, String claim, java.time.Instant at) {
                failures.add(claim);
            }
        });
        kubelet.addListener(new ClusterListener() {
            @Override
            public void nodeSetScaled(String nodeSet, int from, int to, java.time.Instant at) {
                scaled.add(nodeSet + ":" + from + "->" + to);
            }
        });
    }

    @AfterEach
    void stop() {
        kubelet.stop();
        karpenter.stop();
        kube.close();
    }

    void scale(String nodeSet, int replicas) {
        kube.client().genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(NS).withName(nodeSet)
                .scale(replicas);
        settle(() -> kubelet.cachedNodeSet(nodeSet).map(o -> replicas == (Integer) o.get("spec", "replicas"))
                .orElse(false));
    }

    /** Waits until the simulators' informer caches show what the test just wrote (bounded, not a timing test). */
    static void settle(java.util.function.BooleanSupplier seen) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!seen.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("informer cache never showed the write");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Advances virtual time in 5 s steps, reconciling after each, like the runner's ticker. */
    void run(Duration d) {
        var end = clock.now().plus(d);
        while (clock.now().isBefore(end)) {
            clock.advanceBy(Duration.ofSeconds(5));
            kubelet.reconcile();
        }
    }

    @Test
    void scaleUpLaunchesNodesThatBootThenRegisterTheirSlurmNodesAndRunTheJob() {
        start(0, Map.of(), OptionalLong.empty());
        long job = slurm.submit(Jobs.gpu(2, 8, Duration.ofMinutes(30)));
        kubelet.reconcile();
        scale("gpu-h100", 2);
        run(Duration.ofSeconds(10));
        assertThat(scaled).containsExactly("gpu-h100:0->2");
        assertThat(karpenter.nodeCounts()).containsEntry("h100", 2);
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().registered()).as("still booting").isFalse();
        var claim = kube.client().genericKubernetesResources(SandboxCrds.NODE_CLAIM).list().getItems().get(0);
        assertThat(claim.getMetadata().getLabels()).containsEntry("karpenter.sh/nodepool", "h100");

        run(Duration.ofSeconds(70));
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().registered()).isTrue();
        assertThat(slurm.findNode("gpu-h100-1").orElseThrow().registered()).isTrue();
        var pod = kube.client().pods().inNamespace(NS).withName("gpu-h100-1").get();
        assertThat(pod.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready")
                && c.getStatus().equals("True"));
        assertThat(pod.getSpec().getNodeName()).isNotBlank();
        var status = kube.client().genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(NS)
                .withName("gpu-h100").get();
        assertThat((Integer) status.get("status", "readyReplicas")).isEqualTo(2);
        assertThat((Integer) status.get("spec", "replicas")).as("status writes keep the spec").isEqualTo(2);
        run(Duration.ofSeconds(5));
        assertThat(slurm.findJob(job).orElseThrow().running()).isTrue();
    }

    @Test
    void scaleInDrainsABusyNodeAndDeletesItsPodOnlyWhenItsJobEnded() {
        start(0, Map.of(), OptionalLong.empty());
        scale("cpu", 2);
        run(Duration.ofSeconds(90));
        long job = slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        run(Duration.ofSeconds(5));
        assertThat(slurm.findJob(job).orElseThrow().nodes()).containsExactly("cpu-0");
        // skaler marks the idle pod as the cheaper one to delete; without it the operator takes the highest ordinal
        kube.client().pods().inNamespace(NS).withName("cpu-0").edit(p -> {
            p.getMetadata().getAnnotations().put(SimulatedKubelet.DELETION_COST, "-100");
            return p;
        });
        settle(() -> kubelet.cachedPod("cpu-0").map(p -> p.getMetadata().getAnnotations()
                .containsKey(SimulatedKubelet.DELETION_COST)).orElse(false));
        scale("cpu", 1);
        run(Duration.ofSeconds(10));
        assertThat(slurm.findNode("cpu-0").orElseThrow().drain()).as("lower cost goes first").isTrue();
        assertThat(kube.client().pods().inNamespace(NS).withName("cpu-0").get()).as("busy: kept").isNotNull();
        run(Duration.ofMinutes(11));
        assertThat(slurm.findJob(job).orElseThrow().state()).isEqualTo(SimJob.State.COMPLETED);
        assertThat(kube.client().pods().inNamespace(NS).withName("cpu-0").get()).isNull();
        assertThat(slurm.findNode("cpu-0").orElseThrow().registered()).isFalse();
        assertThat(slurm.findNode("cpu-1").orElseThrow().registered()).isTrue();
        assertThat(slurm.jobsKilled()).isZero();
        run(Duration.ofSeconds(40));
        assertThat(karpenter.nodeCounts()).as("the empty node is removed").containsEntry("cpu", 1);
    }

    @Test
    void theOperatorReSortsEachPassSoALowerCostOutranksAPodItIsAlreadyDraining() {
        // slurm-operator's sort.go: the deletion cost comes before the cordon of a pod being drained, and podsToKeep
        // are undrained; the old simulation kept draining whatever it had begun with
        start(0, Map.of(), OptionalLong.empty());
        scale("cpu", 3);
        run(Duration.ofSeconds(90));
        scale("cpu", 2);
        run(Duration.ofSeconds(5));
        assertThat(slurm.findNode("cpu-2").orElseThrow().drain()).as("highest ordinal first").isTrue();
        kube.client().pods().inNamespace(NS).withName("cpu-0").edit(p -> {
            p.getMetadata().getAnnotations().put(SimulatedKubelet.DELETION_COST, "-100");
            return p;
        });
        settle(() -> kubelet.cachedPod("cpu-0").map(p -> p.getMetadata().getAnnotations()
                .containsKey(SimulatedKubelet.DELETION_COST)).orElse(false));
        run(Duration.ofSeconds(5));
        assertThat(slurm.findNode("cpu-0").orElseThrow().drain()).isTrue();
        assertThat(slurm.findNode("cpu-2").orElseThrow().drain()).as("kept again: undrained").isFalse();
        run(Duration.ofSeconds(60));
        assertThat(kube.client().pods().inNamespace(NS).withName("cpu-0").get()).isNull();
        assertThat(kube.client().pods().inNamespace(NS).withName("cpu-2").get()).isNotNull();
    }

    @Test
    void theSimulatedOperatorWritesNoConditionsAndReportsSlurmStateInTheNodeSetStatus() {
        start(0, Map.of(), OptionalLong.empty());
        for (var ctx : List.of(SandboxCrds.CONTROLLER, SandboxCrds.REST_API)) {
            var objects = kube.client().genericKubernetesResources(ctx).inNamespace(NS).list().getItems();
            assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(o.getAdditionalProperties().get("status"))
                    .as("no slurm-operator release writes a condition on %s", o.getKind()).isNull());
        }
        scale("cpu", 2);
        run(Duration.ofSeconds(90));
        slurm.submit(Jobs.small(Duration.ofMinutes(10)));
        run(Duration.ofSeconds(10));
        var status = kube.client().genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace(NS)
                .withName("cpu").get();
        assertThat((Integer) status.get("status", "readyReplicas")).isEqualTo(2);
        assertThat((Integer) status.get("status", "slurmIdle")).isEqualTo(1);
        assertThat((Integer) status.get("status", "slurmAllocated")).isEqualTo(1);
        assertThat((String) status.get("status", "nodeSetHash")).isNotBlank();
    }

    @Test
    void doNotDisruptOnTheNodeTemplateKeepsTheEmptyNodeForeverAsStatenodeGoDoes() {
        start(0, Map.of(), OptionalLong.empty());
        kube.client().genericKubernetesResources(SandboxCrds.NODE_POOL).withName("h100").edit(p -> {
            var template = (Map<String, Object>) ((Map<String, Object>) p.getAdditionalProperties().get("spec"))
                    .get("template");
            var copy = new java.util.LinkedHashMap<>(template);
            copy.put("metadata", Map.of("annotations", Map.of("karpenter.sh/do-not-disrupt", "true")));
            ((Map<String, Object>) p.getAdditionalProperties().get("spec")).put("template", copy);
            return p;
        });
        scale("gpu-h100", 1);
        run(Duration.ofSeconds(90));
        assertThat(karpenter.readyCounts()).containsEntry("h100", 1);
        scale("gpu-h100", 0);
        run(Duration.ofMinutes(10));
        assertThat(karpenter.nodeCounts()).as("never removed: it stays and costs").containsEntry("h100", 1);
    }

    @Test
    void failedLaunchesAreReportedAndRetriedAfterTheOfferingCoolsDown() {
        start(1.0, Map.of(), OptionalLong.empty());
        scale("gpu-h100", 1);
        run(Duration.ofSeconds(15));
        assertThat(failures).hasSize(1);
        // launch.go: an Event on the claim, then the claim is deleted; Launched=False is never written
        assertThat(kube.client().genericKubernetesResources(SandboxCrds.NODE_CLAIM).list().getItems()).isEmpty();
        assertThat(kube.client().v1().events().inNamespace("default").list().getItems()).singleElement()
                .satisfies(e -> {
                    assertThat(e.getReason()).isEqualTo("InsufficientCapacityError");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getInvolvedObject().getKind()).isEqualTo("NodeClaim");
                });
        run(Duration.ofSeconds(30));
        assertThat(failures).as("offering skipped for a while").hasSize(1);
        run(Duration.ofSeconds(60));
        assertThat(failures).as("then tried again").hasSize(2);
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().registered()).isFalse();
    }

    @Test
    void nodePoolLimitsCapLaunchesUntilRaised() {
        start(0, Map.of("nvidia.com/gpu", BigDecimal.valueOf(8)), OptionalLong.empty());
        scale("gpu-h100", 3);
        run(Duration.ofSeconds(90));
        assertThat(karpenter.nodeCounts()).containsEntry("h100", 1);
        kube.client().genericKubernetesResources(SandboxCrds.NODE_POOL).withName("h100").edit(p -> {
            ((Map<String, Object>) p.getAdditionalProperties().get("spec")).put("limits",
                    Map.of("nvidia.com/gpu", "24"));
            return p;
        });
        settle(() -> karpenter.cachedLimits("h100").get("nvidia.com/gpu").intValue() == 24);
        run(Duration.ofSeconds(90));
        assertThat(karpenter.nodeCounts()).containsEntry("h100", 3);
        assertThat(slurm.state().nodes().stream().filter(SimNode::registered).count()).isEqualTo(3);
    }

    @Test
    void staticPoolKeepsItsReplicasWhetherOrNotPodsNeedThem() {
        start(0, Map.of(), OptionalLong.of(2));
        run(Duration.ofSeconds(10));
        assertThat(karpenter.nodeCounts()).containsEntry("cpu", 2);
        run(Duration.ofMinutes(5));
        assertThat(karpenter.nodeCounts()).as("static nodes are not consolidated").containsEntry("cpu", 2);
        var pool = kube.client().genericKubernetesResources(SandboxCrds.NODE_POOL).withName("cpu").get();
        assertThat((Integer) pool.get("status", "nodes")).isEqualTo(2);
    }

    @Test
    void aNodeAWaitingPodWillLandOnIsNotRemovedAsEmptyWhenTheNextPassComesLate() {
        start(0, Map.of(), OptionalLong.empty());
        scale("gpu-h100", 2);
        kubelet.reconcile(); // the claims are launched
        // the simulation thread stalls (a loaded machine): the nodes became Ready over 30 s before the next pass
        clock.advanceBy(Duration.ofSeconds(60 + 45));
        kubelet.reconcile();
        assertThat(karpenter.nodeCounts()).as("both nodes stay for their pods").containsEntry("h100", 2);
        assertThat(kubelet.pods()).allMatch(p -> !p.claim().isEmpty());
        run(Duration.ofSeconds(10));
        assertThat(slurm.findNode("gpu-h100-1").orElseThrow().registered()).isTrue();
    }

    @Test
    void objectsCarryTheirCreationTimeOnTheVirtualClock() {
        start(0, Map.of(), OptionalLong.empty());
        run(Duration.ofMinutes(3));
        var created = clock.now();
        scale("cpu", 1);
        kubelet.reconcile();
        var pod = kube.client().pods().inNamespace(NS).withName("cpu-0").get();
        assertThat(java.time.Instant.parse(pod.getMetadata().getCreationTimestamp()))
                .isEqualTo(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        var claim = kube.client().genericKubernetesResources(SandboxCrds.NODE_CLAIM).list().getItems().get(0);
        assertThat(java.time.Instant.parse(claim.getMetadata().getCreationTimestamp()))
                .isEqualTo(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        run(Duration.ofMinutes(2));
        var later = kube.client().pods().inNamespace(NS).withName("cpu-0").get();
        assertThat(later.getStatus().getPhase()).isEqualTo("Running");
        assertThat(later.getMetadata().getCreationTimestamp()).as("updates keep it")
                .isEqualTo(pod.getMetadata().getCreationTimestamp());
    }
}
