package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skaler.model.Gres;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    @Test
    void bundledScenarioHasTheAdvertisedWorkload() {
        var s = Scenario.loadDefault();
        assertThat(s.nodeSets()).extracting(SandboxNodeSet::name).containsExactly("gpu-h100", "trn1", "cpu");
        assertThat(s.nodeSets().get(0).node().gres()).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(s.nodePools().get(0).capacity()).containsEntry("nvidia.com/gpu", BigDecimal.valueOf(8));
        assertThat(s.nodePools().get(0).capacity().get("memory"))
                .isEqualByComparingTo(BigDecimal.valueOf(2048L * 1024 * 1024 * 1024));
        assertThat(s.karpenter().failureShare()).isEqualTo(0.1);
        var subs = s.workload().submissions();
        assertThat(subs.stream().filter(x -> x.request().name().equals("burst"))).hasSize(10_000);
        assertThat(subs.stream().filter(x -> x.request().nodes() == 4 && x.request().exclusive())).hasSize(4);
        assertThat(subs.stream().filter(x -> x.request().isArray() && x.request().arrayThrottle() == 8)).hasSize(2);
        assertThat(subs.stream().filter(x -> x.request().gresPerNode().total("neuron") == 16
                && !x.request().deferred() && !x.request().reserved())).hasSize(3);
        assertThat(subs.stream().filter(x -> x.request().reserved())).as("waiting for reservation trn-window")
                .hasSize(2).allMatch(x -> x.request().reservation().equals("trn-window")
                        && x.request().partitions().equals(java.util.List.of("trn1")));
        assertThat(s.workload().reservations()).singleElement().satisfies(r -> {
            assertThat(r.nodes()).containsExactly("trn1-0", "trn1-1");
            assertThat(r.start()).as("after the jobs asking for it are submitted").isEqualTo(Duration.ofMinutes(230));
        });
        assertThat(subs.stream().filter(x -> x.request().deferred())).as("booked ahead with --begin")
                .hasSize(2).allMatch(x -> x.request().begin().equals(Duration.ofMinutes(20))
                        && x.request().partitions().equals(java.util.List.of("trn1")));
        assertThat(subs.stream().filter(Workload.Submission::dependent)).as("afterok on the CPU job of their index")
                .hasSize(2).allMatch(x -> x.afterOk().equals("prep-cpu")
                        && x.request().partitions().equals(java.util.List.of("gpu-h100")));
        assertThat(subs).isSortedAccordingTo(java.util.Comparator.comparing(Workload.Submission::at));
        assertThat(s.workload().submissions()).as("deterministic").isEqualTo(subs);
    }

    @Test
    void theChainLeavesTheRestOfTheWorkloadAsItWasAndComesAfterIt() {
        var w = Scenario.loadDefault().workload();
        var chain = java.util.Set.of("prep-cpu", "tune-after-prep");
        var without = new Workload(w.groups().stream().filter(g -> !chain.contains(g.name())).toList(),
                w.quietTail(), w.seed(), w.reservations());
        assertThat(w.submissions().stream().filter(x -> !chain.contains(x.group())).toList())
                .as("same jobs, times and drawn runtimes").isEqualTo(without.submissions());
        assertThat(w.submissions().stream().filter(x -> chain.contains(x.group())).map(Workload.Submission::at))
                .as("after every other job was submitted").allMatch(at -> at.compareTo(without.lastSubmission()) > 0);
    }

    @Test
    void afterOkMustNameAnEarlierGroupWithAJobForEachDependent() throws Exception {
        String prep = "  - {name: prep, partition: cpu, memoryPerNodeMB: 1, runtime: 1m, start: 5m, count: 2, every: 1m}\n";
        assertThatThrownBy(() -> WorkloadFile.parse(yaml(prep.replace("name: prep", "name: x, afterOk: nope"))))
                .hasMessageContaining("jobs.x.afterOk: 'nope' is not a group above this one");
        assertThatThrownBy(() -> WorkloadFile.parse(yaml(prep + dependent("count: 3, start: 5m, every: 1m"))))
                .hasMessageContaining("jobs.x.afterOk: prep has 2 jobs, fewer than the 3");
        assertThatThrownBy(() -> WorkloadFile.parse(yaml(prep + dependent("count: 2, start: 4m, every: 1m"))))
                .hasMessageContaining("jobs.x.afterOk: job 0 is submitted before job 0 of prep");
        var ok = WorkloadFile.parse(yaml(prep + dependent("count: 2, start: 5m, every: 1m"))).submissions();
        assertThat(ok).filteredOn(Workload.Submission::dependent).extracting(Workload.Submission::index)
                .containsExactly(0, 1);
    }

    private static String dependent(String timing) {
        return "  - {name: x, afterOk: prep, partition: cpu, memoryPerNodeMB: 1, runtime: 1m, " + timing + "}\n";
    }

    private static java.io.InputStream yaml(String jobs) {
        return new java.io.ByteArrayInputStream(("jobs:\n" + jobs).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theReservedJobsLeaveTheRestOfTheWorkloadAsItWasAndComeAfterEveryOtherTrainiumJob() {
        var w = Scenario.loadDefault().workload();
        var without = new Workload(w.groups().stream().filter(g -> !g.template().reserved()).toList(), w.quietTail(),
                w.seed());
        assertThat(w.submissions().stream().filter(x -> !x.request().reserved()).toList())
                .as("same jobs, times and drawn runtimes").isEqualTo(without.submissions());
        var lastOtherTrainium = w.submissions().stream().filter(x -> x.request().partitions().contains("trn1")
                && !x.request().reserved()).map(x -> x.at().plus(x.request().begin()).plus(x.request().runtime()))
                .max(Duration::compareTo).orElseThrow();
        assertThat(w.submissions().stream().filter(x -> x.request().reserved()).map(Workload.Submission::at))
                .as("after every other Trainium job's earliest end").allMatch(at -> at.compareTo(lastOtherTrainium) > 0);
    }

    @Test
    void aReservationIsCheckedLikeSbatchAndScontrolCheckIt() throws Exception {
        String job = "  - {name: r, user: dave, reservation: w, partition: trn1, memoryPerNodeMB: 1, runtime: 1m}\n";
        assertThatThrownBy(() -> WorkloadFile.parse(yaml(job))).hasMessageContaining(
                "jobs.r.reservation: 'w' is not in reservations:");
        String resv = "reservations:\n  - {name: w, start: 5m, duration: 10m, nodes: [trn1-0], users: [erin]}\n";
        assertThatThrownBy(() -> WorkloadFile.parse(yaml(job + resv))).hasMessageContaining(
                "jobs.r.reservation: user dave is not in reservations.w.users");
        assertThatThrownBy(() -> WorkloadFile.parse(yaml(job + resv.replace("duration: 10m, ", ""))))
                .hasMessageContaining("reservations.w.duration: missing");
    }

    @Test
    void theBookedJobsLeaveTheRestOfTheWorkloadAsItWas() {
        var w = Scenario.loadDefault().workload();
        var without = new Workload(w.groups().stream().filter(g -> !g.template().deferred()).toList(), w.quietTail(),
                w.seed(), w.reservations());
        assertThat(w.submissions().stream().filter(x -> !x.request().deferred()).toList())
                .as("same jobs, times and drawn runtimes").isEqualTo(without.submissions());
        var booked = w.submissions().stream().filter(x -> x.request().deferred()).map(Workload.Submission::at);
        assertThat(booked).as("after every other Trainium submission: they overtake none")
                .allMatch(at -> at.compareTo(Duration.ofMinutes(70)) > 0);
    }

    @Test
    void spreadAndIntervalGroupsPlaceSubmissionsAsWritten() {
        var s = Scenario.loadDefault();
        var burst = s.workload().groups().stream().filter(g -> g.name().equals("burst")).findFirst().orElseThrow();
        assertThat(burst.offset(0)).isEqualTo(Duration.ofMinutes(60));
        assertThat(burst.offset(5000)).isEqualTo(Duration.ofMinutes(61));
        var train = s.workload().groups().stream().filter(g -> g.name().equals("train-h100")).findFirst()
                .orElseThrow();
        assertThat(train.offset(3)).isEqualTo(Duration.ofMinutes(80));
    }

    @Test
    void errorsNameTheField() throws Exception {
        String yaml = """
                nodePools: [{name: p, instanceType: t, capacity: {cpu: "4"}}]
                nodeSets: [{name: a, nodePool: p, maxNodes: 2, node: {cpus: 4, memoryMB: 1000, gres: "gpu:x"}}]
                jobs: [{name: j, partition: a, memoryPerNodeMB: 1, runtime: 1m}]
                """;
        assertThatThrownBy(() -> parse(yaml)).hasMessageContaining("nodeSets.a.node.gres");
        assertThatThrownBy(() -> parse(yaml.replace("gres: \"gpu:x\"", "gres: \"\"").replace("1m", "soon")))
                .hasMessageContaining("jobs.j.runtime");
        assertThatThrownBy(() -> parse(yaml.replace("gres: \"gpu:x\"", "gres: \"\"").replace("nodePool: p", "nodePool: q")))
                .hasMessageContaining("nodeSets.a.nodePool");
        assertThat(Durations.parse("x", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    }

    static Scenario parse(String yaml) throws Exception {
        return Scenario.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

}
