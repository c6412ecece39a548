package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxRunnerTest {
    static final String TINY = """
            name: tiny
            start: 2026-01-05T08:00:00Z
            karpenter: {bootDelay: 60s, failureShare: 0, emptyNodeTtl: 30s}
            kubelet: {podStartDelay: 5s, drainRecheck: 30s}
            nodePools: [{name: cpu, instanceType: m7i.2xlarge, capacity: {cpu: "8", memory: "32Gi"}, limits: {cpu: "32"}}]
            nodeSets: [{name: cpu, partition: cpu, nodePool: cpu, maxNodes: 4, node: {cpus: 8, memoryMB: 30000}}]
            jobs:
              - {name: wide, partition: cpu, start: 1m, nodes: 2, tasksPerNode: 8, memoryPerNodeMB: 1000, runtime: 5m}
              - {name: small, partition: cpu, start: 2m, count: 20, over: 2m, memoryPerNodeMB: 1000, runtime: 3m}
            quietTail: 5m
            """;

    @TempDir
    Path dir;

    static Scenario tiny() throws Exception {
        return Scenario.parse(new ByteArrayInputStream(TINY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTemplateHostnameOtherThanThePodsIsRefusedByTheSimulatedSlurm() throws Exception {
        // the simulated Slurm names each node after its pod; Slinky's "<key>-" hostname needs the real one
        var scenario = Scenario.parse(new ByteArrayInputStream(TINY.replace("{name: cpu, partition: cpu,",
                "{name: cpu, hostname: c-, partition: cpu,").getBytes(StandardCharsets.UTF_8)));
        assertThat(scenario.nodeSets().get(0).hostname()).isEqualTo("c-");

        assertThatThrownBy(() -> new SandboxRunner(scenario, SandboxRunner.Options.defaults(),
                new PrintStream(new ByteArrayOutputStream(), true)).runKeda(KedaSettings.documented()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeSets.cpu.hostname")
                .hasMessageContaining("--slurm-url");
        assertThat(tiny().nodeSets().get(0).hostname()).as("the default keeps pods and nodes one name")
                .isEqualTo("cpu-");
    }

    @Test
    void kedaModelRunsTheWorkloadToTheEndAndWritesItsReports() throws Exception {
        var out = new ByteArrayOutputStream();
        var o = SandboxRunner.Options.defaults();
        var options = new SandboxRunner.Options(o.speed(), o.tick(), o.step(), o.sampleEvery(), Duration.ofHours(2),
                o.progressEvery(), Optional.of(dir.resolve("summary.json")), Optional.of(dir.resolve("report.html")));
        var summary = new SandboxRunner(tiny(), options, new PrintStream(out, true)).runKeda(KedaSettings.documented());

        assertThat(summary.jobsRun()).isEqualTo(21);
        assertThat(summary.jobsKilled()).isZero();
        assertThat(summary.scaleUps()).isGreaterThanOrEqualTo(2);
        assertThat(summary.firstScaleUpJobs()).isPositive();
        assertThat(summary.submitToScaleJobs()).isPositive();
        // KEDA cannot answer before its next scrape and poll: never 0, at most scrape + poll intervals
        assertThat(summary.firstScaleUpP50Seconds()).isBetween(1.0, 60.0);
        assertThat(summary.reactionP99Seconds()).isGreaterThanOrEqualTo(summary.firstScaleUpP50Seconds());
        // reaching the need takes at least as long as the first step towards it
        assertThat(summary.submitToScaleP50Seconds()).isGreaterThanOrEqualTo(summary.firstScaleUpP50Seconds());
        assertThat(summary.meanWaitSeconds()).isGreaterThan(60); // every job waits at least one node boot
        assertThat(summary.latencyClock()).isEqualTo("virtual");
        assertThat(out.toString()).contains("scale  cpu replicas 0 -> 1", "workload done");
        var json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        for (String key : new String[] {"jobsRun", "submitToScaleP50Seconds", "submitToScaleP99Seconds",
                "firstScaleUpP50Seconds", "firstScaleUpP99Seconds", "submitToScaleJobs",
                "meanWaitSeconds", "gpuNodeHoursProvisioned", "gpuNodeHoursBusy", "capacityFailures"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg", "polyline class=\"needed\"", "polyline class=\"provisioned\"")
                .doesNotContain("<script", "http://", "https://");
    }

    /** A stand-in autoscaler: every 100 ms, NodeSet replicas = nodes needed by pending jobs, read over HTTP. */
    static final class NaiveAutoscaler implements SandboxAutoscaler {
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final ObjectMapper mapper = new ObjectMapper();

        @Override
        public void start(URI slurm, KubernetesClient kube) {
            var http = HttpClient.newHttpClient();
            timer.scheduleWithFixedDelay(() -> {
                try {
                    var body = http.send(HttpRequest.newBuilder(URI.create(slurm + "/slurm/v0.0.42/jobs"))
                            .header("X-SLURM-USER-TOKEN", "t").build(), HttpResponse.BodyHandlers.ofString()).body();
                    int nodes = 0;
                    for (var j : mapper.readTree(body).get("jobs")) {
                        if (!j.get("job_state").get(0).asText().equals("COMPLETED")) {
                            nodes += j.at("/node_count/number").asInt();
                        }
                    }
                    int want = Math.min(4, (nodes + 7) / 8 * 8 >= 8 ? Math.max(2, Math.min(4, nodes)) : 0);
                    var ns = kube.genericKubernetesResources(SandboxCrds.NODE_SET).inNamespace("slurm")
                            .withName("cpu");
                    if (ScaleWatcher.replicas(ns.get()) != want) {
                        ns.scale(want);
                    }
                } catch (Exception e) {
                    // next round
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            timer.shutdownNow();
        }

        @Override
        public String name() {
            return "naive";
        }
    }

    @Test
    void anAutoscalerUnderTestIsTimedOnTheWallClock() throws Exception {
        var out = new ByteArrayOutputStream();
        var o = SandboxRunner.Options.defaults();
        // give up after the defaults' 12 virtual hours (2.4 min of wall time at 300x), a ceiling for a loaded machine:
        // 2 hours were 24 s of wall time, which a descheduled autoscaler could miss; a passing run ends at its quiet tail
        var options = new SandboxRunner.Options(300, o.tick(), o.step(), o.sampleEvery(), o.giveUpAfter(),
                o.progressEvery(), Optional.empty(), Optional.empty());
        var summary = new SandboxRunner(tiny(), options, new PrintStream(out, true)).run(new NaiveAutoscaler());
        assertThat(summary.autoscaler()).isEqualTo("naive");
        assertThat(summary.jobsRun()).isEqualTo(21);
        assertThat(summary.jobsKilled()).as(out.toString()).isZero();
        assertThat(summary.latencyClock()).isEqualTo("wall");
        assertThat(summary.scaleUps()).isPositive();
        assertThat(out.toString()).contains("scale  cpu replicas 0 ->");
    }

    /**
     * Two of the four launches fail and the offering stays unavailable for 45 minutes, longer than skaler's
     * provisioningTimeout (20 minutes): skaler must count those pods as failed, release them, and still scale in
     * once the queue is empty and idleFor (10 minutes) has passed, without killing a job.
     */
    static final String STUCK = """
            name: stuck
            start: 2026-01-05T08:00:00Z
            karpenter: {bootDelay: 60s, failureShare: 0.5, failureDelay: 10s, unavailableFor: 45m, emptyNodeTtl: 30s, seed: 42}
            kubelet: {podStartDelay: 5s, drainRecheck: 30s}
            nodePools: [{name: cpu, instanceType: m7i.2xlarge, capacity: {cpu: "8", memory: "32Gi"}, limits: {cpu: "32"}}]
            nodeSets: [{name: cpu, partition: cpu, nodePool: cpu, maxNodes: 4, node: {cpus: 8, memoryMB: 30000}}]
            jobs:
              - {name: wide, partition: cpu, start: 1m, nodes: 2, tasksPerNode: 8, memoryPerNodeMB: 1000, runtime: 5m}
              - {name: small, partition: cpu, start: 2m, count: 16, over: 1m, cpusPerTask: 4, memoryPerNodeMB: 1000, runtime: 10m}
            quietTail: 40m
            """;

    @Test
    void skalerReleasesLaunchesThatNeverCameAndScalesInAfterTheQueueEmptiesWithoutKillingAJob() throws Exception {
        var run = skalerAt150(STUCK);
        var summary = run.summary();
        String log = run.log();
        assertThat(summary.jobsRun()).as(log).isEqualTo(17);
        assertThat(summary.jobsKilled()).as(log).isZero();
        assertThat(summary.capacityFailures()).as(log).isPositive();
        // a failed launch is answered from Karpenter's deletion of the claim, not after provisioningTimeout (20m)
        var answered = java.util.regex.Pattern.compile("(\\d+) failed launch\\(es\\), then the next scale-down of a"
                + " NodeSet on that pool \\(the waiting pod released, or a later scale-in if a pod did not wait for"
                + " it\\): p50 ([0-9.]+) s, max ([0-9.]+) s of the autoscaler's \\(wall\\) time").matcher(log);
        assertThat(answered.find()).as(log).isTrue();
        assertThat(log).contains("lost to failed launches of the NodePool");
        System.out.println("launch failure detection: " + answered.group());
        assertThat(Double.parseDouble(answered.group(3))).as("well within a minute of the autoscaler's time")
                .isLessThan(60);
        assertThat(log).contains("workload done and quiet tail passed")
                .contains("did not register within provisioningTimeout")
                .containsPattern("skaler  cpu \\d+ -> 0 \\(scale down\\): .*idle for >= 10m");
        assertThat(summary.scaleDowns()).isGreaterThanOrEqualTo(2);
        String last = log.lines().filter(l -> l.contains("nodes(ready/launched)")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).as("every node removed by the end").contains("cpu 0/0").contains("killed 0");
    }

    /** A burst over skaler's incremental-read threshold (1,000 jobs), as in the bundled workload's 10,000. */
    static final String BURST = """
            name: burst
            start: 2026-01-05T08:00:00Z
            karpenter: {bootDelay: 60s, failureShare: 0, emptyNodeTtl: 30s}
            kubelet: {podStartDelay: 5s, drainRecheck: 30s}
            nodePools: [{name: cpu, instanceType: m7i.2xlarge, capacity: {cpu: "8", memory: "32Gi"}, limits: {cpu: "64"}}]
            nodeSets: [{name: cpu, partition: cpu, nodePool: cpu, maxNodes: 8, node: {cpus: 8, memoryMB: 30000}}]
            jobs:
              - {name: burst, partition: cpu, start: 1m, count: 3000, over: 1m, memoryPerNodeMB: 100, runtime: 1m}
            quietTail: 30m
            """;

    /**
     * A replay's skaler reads the simulated queue whole: incremental reading spends wall-clock budgets per cycle,
     * which a replay at 150x stretches 150-fold, and the bundled run's 10,000-job burst stayed unread (no CPU node,
     * scale-in held) until the run gave up.
     */
    @Test
    void aBurstOverTheIncrementalThresholdIsServedAndScaledIn() throws Exception {
        var run = skalerAt150(BURST);
        var summary = run.summary();
        String log = run.log();
        assertThat(summary.jobsRun()).as(log).isEqualTo(3000);
        assertThat(summary.jobsKilled()).as(log).isZero();
        assertThat(log).contains("workload done and quiet tail passed").containsPattern("skaler  cpu 0 -> 8 \\(scale up\\)");
        String last = log.lines().filter(l -> l.contains("nodes(ready/launched)")).reduce((a, b) -> b).orElseThrow();
        assertThat(last).as("every node removed by the end").contains("cpu 0/0").contains("killed 0");
    }

    record Run(SandboxSummary summary, String log) {
    }

    /** skaler on the scenario at 150x, progress every 2 s of virtual time into the log. */
    private static Run skalerAt150(String yaml) throws Exception {
        var scenario = Scenario.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        var out = new ByteArrayOutputStream();
        var o = SandboxRunner.Options.defaults();
        // the defaults' 12 virtual hours before giving up (4.8 min of wall time at 150x) are a ceiling for a loaded
        // machine; 3 hours (72 s) left a slow skaler too little
        var options = new SandboxRunner.Options(150, o.tick(), o.step(), o.sampleEvery(), o.giveUpAfter(),
                Duration.ofSeconds(2), Optional.empty(), Optional.empty());
        var summary = new SandboxRunner(scenario, options, new PrintStream(out, true))
                .run(new SkalerInSandbox(scenario, false, 150));
        return new Run(summary, out.toString());
    }
}
