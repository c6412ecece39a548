package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real skaler on a scenario with {@code --begin} jobs and a job waiting for a reservation that starts on a FUTURE
 * placeholder node when they become eligible, run with anticipation and with {@code scaleUp.lookAhead:
 * 0s} ({@code sandbox --no-anticipation}): anticipation has the nodes up when the jobs become eligible, and the summary
 * says what that cost in idle node-hours. The look-ahead is the policy's default {@code bootTime} of 10m (the NodeSet
 * has no launch to learn from before them), the boot 3m10s (NodeClaim 3m, then slurmd 10s). The full resync is set
 * beyond the run and nothing else happens between the jobs' submission and their eligibility, so the only cycle inside
 * the look-ahead is the one the loop wakes up for: without the wake-up the jobs are counted once eligible and wait a
 * boot, as with anticipation off. The wake-up has 10 virtual minutes (10 s of wall time at 60x) to run its cycle
 * before the nodes would be late. Everything asserted is virtual time; wall time about 2 x 30 s.
 */
class SandboxAnticipationTest {
    static final String AHEAD = """
            name: ahead
            start: 2026-01-05T08:00:00Z
            karpenter: {bootDelay: 3m, failureShare: 0, emptyNodeTtl: 30s}
            kubelet: {podStartDelay: 10s, drainRecheck: 30s}
            nodePools:
              - {name: big, instanceType: m7i.8xlarge, capacity: {cpu: "32", memory: "128Gi"}, limits: {cpu: "128"}}
              - {name: resv, instanceType: m7i.8xlarge, capacity: {cpu: "32", memory: "128Gi"}, limits: {cpu: "32"}}
            nodeSets:
              - {name: big, partition: big, nodePool: big, maxNodes: 4, node: {cpus: 32, memoryMB: 120000}}
              - {name: resv, partition: resv, nodePool: resv, maxNodes: 1, node: {cpus: 32, memoryMB: 120000}}
            reservations:
              - {name: maint, start: 22m, duration: 1h, nodes: [resv-0], users: [alice]}
            jobs:
              - {name: later, partition: big, start: 2m, count: 2, begin: 20m, tasksPerNode: 32,
                 memoryPerNodeMB: 1000, runtime: 5m}
              - {name: booked, user: alice, reservation: maint, partition: resv, start: 2m, tasksPerNode: 32,
                 memoryPerNodeMB: 1000, runtime: 5m}
            quietTail: 2m
            """;
    static final Duration BOOT = Duration.ofMinutes(3).plusSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anticipationHasNodesReadyAtEligibilityAtAStatedIdleCost() throws Exception {
        var scenario = Scenario.parse(new ByteArrayInputStream(AHEAD.getBytes(StandardCharsets.UTF_8)));
        var withLog = new ByteArrayOutputStream();
        var with = run(scenario, skaler(scenario, true), withLog, "with");
        var withoutLog = new ByteArrayOutputStream();
        var without = run(scenario, skaler(scenario, false), withoutLog, "without");
        String logs = "with anticipation:\n" + withLog + "\nwithout:\n" + withoutLog;
        System.out.println("anticipation: with " + with + "\nwithout " + without);

        for (var s : java.util.List.of(with, without)) {
            assertThat(s.jobsRun()).as(logs).isEqualTo(3);
            assertThat(s.jobsKilled()).as(logs).isZero();
            assertThat(s.waitAtEligibilityJobs()).as("2 --begin, 1 in a reservation; " + logs).isEqualTo(3);
        }
        // counted only once eligible, a job waits at least a boot; less is only possible if counted ahead
        assertThat(without.waitAtEligibilityP50Seconds()).as(logs).isGreaterThanOrEqualTo(BOOT.toSeconds());
        assertThat(with.waitAtEligibilityP95Seconds()).as(logs).isLessThan(BOOT.toSeconds());
        // the reservation's job: eligible at its start, on its FUTURE node; up then only if raised ahead
        var reservedWith = with.waitAtEligibilityByKind().get("reservation");
        var reservedWithout = without.waitAtEligibilityByKind().get("reservation");
        assertThat(reservedWith.jobs()).as(logs).isEqualTo(1);
        assertThat(reservedWithout.p50Seconds()).as(logs).isGreaterThanOrEqualTo(BOOT.toSeconds());
        assertThat(reservedWith.p95Seconds()).as(logs).isLessThan(BOOT.toSeconds());
        assertThat(with.waitAtEligibilityByKind().get("begin").jobs()).isEqualTo(2);
        assertThat(with.idleAheadNodeHours()).as(logs).isPositive();
        assertThat(without.idleAheadNodeHours()).as(logs).isZero();
        assertThat(withLog.toString()).contains("skaler  big 0 -> ").contains("skaler  resv 0 -> 1");

        var json = new ObjectMapper().readTree(dir.resolve("with.json").toFile());
        assertThat(json.get("waitAtEligibilityP50Seconds").asDouble()).isEqualTo(with.waitAtEligibilityP50Seconds());
        assertThat(json.get("idleAheadNodeHours").asDouble()).isEqualTo(with.idleAheadNodeHours());
        assertThat(json.get("waitAtEligibilityByKind").get("reservation").get("jobs").asLong()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("with.html"))).contains("wait at eligibility")
                .contains("reservation 1: ")
                .contains("node-hours idle ahead of --begin / afterok / reservation jobs");
    }

    /**
     * An {@code afterok} chain: the GPU job waits for a CPU job whose served {@code end_time} is its start plus a 16m
     * limit (it runs 15m). Counted ahead 10m before that end, the GPU node is up when the CPU job ends; counted only
     * once released, the GPU job waits a boot.
     */
    static final String CHAIN = """
            name: chain
            start: 2026-01-05T08:00:00Z
            karpenter: {bootDelay: 3m, failureShare: 0, emptyNodeTtl: 30s}
            kubelet: {podStartDelay: 10s, drainRecheck: 30s}
            nodePools:
              - {name: big, instanceType: m7i.8xlarge, capacity: {cpu: "32", memory: "128Gi"}, limits: {cpu: "128"}}
              - {name: prep, instanceType: m7i.8xlarge, capacity: {cpu: "32", memory: "128Gi"}, limits: {cpu: "32"}}
            nodeSets:
              - {name: prep, partition: prep, nodePool: prep, maxNodes: 1, node: {cpus: 32, memoryMB: 120000}}
              - {name: big, partition: big, nodePool: big, maxNodes: 2, node: {cpus: 32, memoryMB: 120000}}
            jobs:
              - {name: prep, partition: prep, start: 2m, tasksPerNode: 32, memoryPerNodeMB: 1000, runtime: 15m,
                 timeLimit: 16m}
              - {name: train, afterOk: prep, partition: big, start: 2m, tasksPerNode: 32, memoryPerNodeMB: 1000,
                 runtime: 5m}
            quietTail: 2m
            """;

    @Test
    void aDependentOfARunningJobFindsItsNodeReadyWithAnticipationAndWaitsABootWithout() throws Exception {
        var scenario = Scenario.parse(new ByteArrayInputStream(CHAIN.getBytes(StandardCharsets.UTF_8)));
        var withLog = new ByteArrayOutputStream();
        var with = run(scenario, skaler(scenario, true), withLog, "chain-with");
        var withoutLog = new ByteArrayOutputStream();
        var without = run(scenario, skaler(scenario, false), withoutLog, "chain-without");
        String logs = "with anticipation:\n" + withLog + "\nwithout:\n" + withoutLog;
        System.out.println("chain: with " + with + "\nwithout " + without);
        for (var s : java.util.List.of(with, without)) {
            assertThat(s.jobsRun()).as(logs).isEqualTo(2);
            assertThat(s.jobsKilled()).as(logs).isZero();
            assertThat(s.waitAtEligibilityJobs()).as("the dependent, timed from its eligible_time").isEqualTo(1);
        }
        assertThat(without.waitAtEligibilityP50Seconds()).as(logs).isGreaterThanOrEqualTo(BOOT.toSeconds());
        assertThat(with.waitAtEligibilityP95Seconds()).as(logs).isLessThan(BOOT.toSeconds());
        assertThat(with.idleAheadNodeHours()).as(logs).isPositive();
        assertThat(without.idleAheadNodeHours()).as(logs).isZero();
    }

    private static SkalerInSandbox skaler(Scenario scenario, boolean anticipation) {
        return new SkalerInSandbox(scenario, false, 60).withResync(Duration.ofHours(1))
                .withPolicyText(SandboxPolicy.yaml(scenario, Duration.ofMinutes(10), Duration.ofMinutes(5),
                        Duration.ofMinutes(20), anticipation));
    }

    private SandboxSummary run(Scenario scenario, SkalerInSandbox skaler, ByteArrayOutputStream out, String name)
            throws Exception {
        var o = SandboxRunner.Options.defaults();
        var options = new SandboxRunner.Options(60, o.tick(), o.step(), o.sampleEvery(), Duration.ofHours(2),
                Duration.ofSeconds(5), Optional.of(dir.resolve(name + ".json")),
                Optional.of(dir.resolve(name + ".html")));
        return new SandboxRunner(scenario, options, new PrintStream(out, true)).run(skaler);
    }
}
