package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.KubeNames;
import io.skaler.model.Gres;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The alert rules read what the running loop really feeds. The real {@link Autoscaler} runs cycles on the mock API
 * server through one story that trips every alert's condition: GPU demand past a NodeSet's maximum for 16 minutes,
 * Trainium capacity that never arrives, scale-in of idle nodes blocked for over an hour (their Controller is gone),
 * a NodePool open to consolidation, Slurm unreachable for 6 minutes, a rejected policy edit. After each step the
 * Prometheus exposition is scraped and the series the alerts read are asserted with their values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopAlertSeriesTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration WAIT = Duration.ofSeconds(120); // a ceiling for a loaded machine, never a pace
    private static final String POLICY = """
            apiVersion: skaler.io/v1alpha1
            kind: Policy
            defaults:
              scaleDown: {idleFor: 10m, stabilizationWindow: 0s, maxNodesPerCycle: 10}
              provisioningTimeout: 10m
            partitions:
              - name: gpu
                nodeSets:
                  - name: gpu-h100
                    namespace: slurm
                    node: {cpus: 96, memoryMB: 100000, gres: {"gpu:h100": 8}}
                    maxReplicas: 2
                    nodePool: {name: h100, mode: limits}
              - name: trn
                nodeSets:
                  - name: trn
                    namespace: slurm
                    node: {cpus: 64, memoryMB: 100000, gres: {neuron: 16}}
                    maxReplicas: 4
              - name: cpu
                nodeSets:
                  - name: cpu-orphan
                    namespace: slurm
                    node: {cpus: 32, memoryMB: 100000}
                    maxReplicas: 4
                  - name: cpu-paused
                    namespace: slurm
                    node: {cpus: 32, memoryMB: 100000}
                    maxReplicas: 4
            """;

    private LoopMetricsRig rig;
    private Scrape atStart;
    private Scrape after5m;
    private Scrape after11m;
    private Scrape after16m;
    private Scrape after61m;
    private Scrape slurmDown;
    private Scrape policyRejected;
    private Instant lastOk;

    @BeforeAll
    void runTheStory() throws Exception {
        rig = new LoopMetricsRig(T0, "trn", POLICY);
        rig.nodeSet("gpu-h100", "slurm", 2, Map.of());
        rig.nodeSet("cpu-orphan", "gone", 2, Map.of());
        rig.nodeSet("cpu-paused", "slurm", 0, Map.of(KubeNames.PAUSED, "true"));
        rig.nodePool("h100", "WhenEmptyOrUnderutilized");
        for (String pod : List.of("gpu-h100-0", "gpu-h100-1", "cpu-orphan-0", "cpu-orphan-1")) {
            rig.pod(pod.substring(0, pod.lastIndexOf('-')), pod);
        }
        setSlurm();
        rig.exposition("""
                # TYPE slurm_partition_jobs_pending gauge
                slurm_partition_jobs_pending{partition="gpu"} 5
                slurm_partition_jobs_pending{partition="trn"} 1
                """);
        rig.start();

        // T0: trn asked for a node; wait until the informers show it (the next plans start from there)
        until("the first cycle", o -> o.result() == CycleOutcome.Result.OK);
        until("trn at 1 replica in skaler's view", o -> o.kube().orElseThrow().nodeSets().stream()
                .anyMatch(n -> n.ref().name().equals("trn") && n.specReplicas() == 1 && n.lastScaleUpAt().isPresent()));
        atStart = okCycleAt(Duration.ZERO);
        after5m = okCycleAt(Duration.ofMinutes(5));
        after11m = okCycleAt(Duration.ofMinutes(11));
        after16m = okCycleAt(Duration.ofMinutes(16));
        after61m = okCycleAt(Duration.ofMinutes(61));
        lastOk = rig.time.now();

        rig.slurmUnreachable("HTTP 502 from slurmrestd");
        rig.time.advance(Duration.ofMinutes(1));
        assertThat(rig.cycle().result()).isEqualTo(CycleOutcome.Result.STALE);
        rig.time.advance(Duration.ofMinutes(5));
        assertThat(rig.cycle().result()).isEqualTo(CycleOutcome.Result.STALE);
        slurmDown = rig.scrape();

        rig.kube.setPolicy("apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions: nope\n");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (rig.scrape().value("skaler_policy_valid").orElse(1) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        policyRejected = rig.scrape();
    }

    @AfterAll
    void close() {
        if (rig != null) {
            rig.close();
        }
    }

    private void setSlurm() {
        Instant longAgo = T0.minus(Duration.ofHours(2));
        Gres h100 = Gres.of("gpu:h100", 8);
        List<PendingJob> jobs = List.of(
                LoopMetricsRig.job(101, "gpu", h100), LoopMetricsRig.job(102, "gpu", h100),
                LoopMetricsRig.job(103, "gpu", h100), LoopMetricsRig.job(104, "gpu", h100),
                LoopMetricsRig.job(201, "trn", Gres.of("neuron", 16)), LoopMetricsRig.heldJob(301, "cpu"));
        List<SlurmNode> nodes = List.of(
                LoopMetricsRig.node("gpu-h100-0", "gpu", "ALLOCATED", 96, h100, T0),
                LoopMetricsRig.node("gpu-h100-1", "gpu", "ALLOCATED", 96, h100, T0),
                LoopMetricsRig.node("cpu-orphan-0", "cpu", "IDLE", 32, Gres.NONE, longAgo),
                LoopMetricsRig.node("cpu-orphan-1", "cpu", "IDLE", 32, Gres.NONE, longAgo));
        rig.slurm(jobs, nodes, List.of(LoopMetricsRig.partition("gpu"), LoopMetricsRig.partition("trn"),
                LoopMetricsRig.partition("cpu")));
    }

    private Scrape okCycleAt(Duration sinceT0) {
        rig.time.advance(Duration.between(rig.time.now(), T0.plus(sinceT0)));
        setSlurm();
        CycleOutcome o = rig.cycle();
        assertThat(o.result()).as(o.detail()).isEqualTo(CycleOutcome.Result.OK);
        return rig.scrape();
    }

    private void until(String what, Predicate<CycleOutcome> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        CycleOutcome o = rig.cycle();
        while (!done.test(o)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what + "; last cycle " + o.result() + " "
                        + o.detail());
            }
            Thread.sleep(100);
            o = rig.cycle();
        }
    }

    private static double v(Scrape s, String name, String... labels) {
        return s.value(name, labels).orElseThrow(() -> new AssertionError("no series " + name + " "
                + List.of(labels)));
    }

    @Test
    void acceleratorDemandUnservedAtMaxHoldsForFifteenMinutes() {
        for (Scrape s : List.of(atStart, after5m, after11m, after16m)) {
            assertThat(v(s, "skaler_nodeset_at_max", "nodeset", "gpu-h100", "namespace", "slurm")).isEqualTo(1);
            assertThat(v(s, "skaler_nodeset_unserved_gres", "nodeset", "gpu-h100", "namespace", "slurm", "gres", "gpu"))
                    .as("4 pending jobs x 8 GPUs, both nodes busy").isEqualTo(32);
        }
        assertThat(v(after16m, "skaler_partition_pending_gres", "partition", "gpu", "gres", "gpu")).isEqualTo(32);
        assertThat(v(after16m, "skaler_partition_pending_jobs", "partition", "gpu")).isEqualTo(4);
        assertThat(v(after16m, "skaler_nodeset_at_max", "nodeset", "trn")).isZero();
        assertThat(after16m.matching("skaler_nodeset_unserved_gres", "nodeset", "trn")).isEmpty();
        assertThat(v(after16m, "skaler_excluded_jobs", "reason", "JobHeldUser")).isEqualTo(1);
        assertThat(v(after16m, "skaler_decisions_total", "action", "hold", "reason", "limit")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void capacityNotArrivingShowsItsAgeThenAFailure() {
        assertThat(v(after5m, "skaler_nodeset_inflight_nodes", "nodeset", "trn", "namespace", "slurm")).isEqualTo(1);
        assertThat(v(after5m, "skaler_nodeset_inflight_oldest_seconds", "nodeset", "trn")).isEqualTo(300);
        assertThat(v(after5m, "skaler_nodeset_capacity_failures_total", "nodeset", "trn")).isZero();
        assertThat(v(after11m, "skaler_nodeset_inflight_oldest_seconds", "nodeset", "trn")).isEqualTo(660);
        assertThat(v(after11m, "skaler_nodeset_capacity_failures_total", "nodeset", "trn", "namespace", "slurm"))
                .as("backoff entered: capacity asked for 11 min ago did not arrive within provisioningTimeout 10m")
                .isEqualTo(1);
        assertThat(v(after11m, "skaler_decisions_total", "action", "scale_up", "reason", "demand")).isGreaterThanOrEqualTo(1);
        assertThat(v(after5m, "skaler_nodeset_inflight_nodes", "nodeset", "gpu-h100")).isZero();
        assertThat(v(after5m, "skaler_nodeset_inflight_oldest_seconds", "nodeset", "gpu-h100")).isZero();
    }

    @Test
    void scaleInBlockedForOverAnHour() {
        assertThat(v(after16m, "skaler_scale_in_held", "nodeset", "cpu-orphan", "reason", "controller_missing"))
                .isEqualTo(1);
        assertThat(v(after61m, "skaler_scale_in_held_seconds", "nodeset", "cpu-orphan", "namespace", "slurm"))
                .isGreaterThan(3600);
        assertThat(v(after61m, "skaler_decisions_total", "action", "hold", "reason", "hold_drain_unavailable"))
                .isGreaterThanOrEqualTo(5);
        assertThat(v(after61m, "skaler_nodeset_replicas", "nodeset", "cpu-orphan", "kind", "current")).isEqualTo(2);
        assertThat(v(after61m, "skaler_paused", "kind", "nodeset", "name", "cpu-paused")).isEqualTo(1);
        assertThat(v(after61m, "skaler_decisions_total", "action", "hold", "reason", "paused")).isGreaterThanOrEqualTo(5);
    }

    @Test
    void consolidationRiskOfTheGpuNodePool() {
        assertThat(v(atStart, "skaler_nodepool_consolidation_risk", "nodepool", "h100")).isEqualTo(1);
    }

    @Test
    void slurmUnreachableMeansStaleAndNoSuccessfulCycle() {
        assertThat(v(after61m, "skaler_source_stale", "source", "slurm")).isZero();
        assertThat(v(slurmDown, "skaler_source_stale", "source", "slurm")).isEqualTo(1);
        assertThat(v(slurmDown, "skaler_last_successful_cycle_timestamp_seconds"))
                .isEqualTo(v(after61m, "skaler_last_successful_cycle_timestamp_seconds"))
                .isBetween(lastOk.getEpochSecond() - 1.0, lastOk.getEpochSecond() + 1.0);
        assertThat(rig.time.now().getEpochSecond() - v(slurmDown, "skaler_last_successful_cycle_timestamp_seconds"))
                .as("SkalerNoSuccessfulCycle: more than 300 s").isGreaterThan(300);
        assertThat(v(slurmDown, "skaler_cycles_total", "result", "stale")
                - v(after61m, "skaler_cycles_total", "result", "stale")).isEqualTo(2);
        assertThat(v(slurmDown, "skaler_decisions_total", "action", "hold", "reason", "hold_stale")
                - after61m.value("skaler_decisions_total", "action", "hold", "reason", "hold_stale").orElse(0))
                .as("each of the 4 managed NodeSets held, twice").isEqualTo(8);
        assertThat(v(slurmDown, "skaler_leader")).isEqualTo(1);
    }

    @Test
    void policyRejectedAfterOneAccepted() {
        assertThat(v(after61m, "skaler_policy_valid")).isEqualTo(1);
        assertThat(after61m.matching("skaler_policy_info")).hasSize(1);
        assertThat(v(policyRejected, "skaler_policy_valid")).isZero();
        assertThat(v(policyRejected, "skaler_policy_reloads_total", "result", "rejected")).isEqualTo(1);
        assertThat(policyRejected.matching("skaler_policy_info")).as("the last good policy stays in force").hasSize(1);
    }

    @Test
    void slurmMetricsCrossCheckDisagreementAndItsRequests() {
        assertThat(v(after61m, "skaler_slurm_metrics_disagreement", "partition", "gpu")).as("5 by Slurm, 4 listed")
                .isEqualTo(1);
        assertThat(v(after61m, "skaler_slurm_metrics_disagreement", "partition", "trn")).isZero();
        assertThat(v(after61m, "skaler_slurmrestd_requests_total", "endpoint", "metrics", "status", "200"))
                .isGreaterThanOrEqualTo(5);
    }

    /** Rules and dashboard may only read series a running loop exports (so none of them watches a dead metric). */
    @Test
    void everyMetricOfTheAlertRulesAndTheDashboardIsInTheScrape() throws Exception {
        Set<String> scraped = new TreeSet<>(after61m.names());
        scraped.addAll(slurmDown.names());
        scraped.addAll(policyRejected.names());
        Path chart = projectDir().resolve("charts/skaler");
        Set<String> used = metricNames(Files.readString(chart.resolve("templates/prometheusrule.yaml")));
        used.addAll(metricNames(Files.readString(chart.resolve("dashboards/skaler.json"))));
        assertThat(used).hasSizeGreaterThan(20);
        assertThat(scraped).containsAll(used);
    }

    private static Set<String> metricNames(String text) {
        Set<String> out = new TreeSet<>();
        var m = Pattern.compile("\\bskaler_[a-z_]+\\b").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        out.removeIf(n -> n.equals("skaler_") || n.startsWith("skaler_io"));
        return out;
    }

    private static Path projectDir() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.exists(p.resolve("charts/skaler"))) {
            p = p.getParent();
        }
        return p;
    }
}
