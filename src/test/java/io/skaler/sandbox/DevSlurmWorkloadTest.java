package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario's jobs as sbatch lines for the dev Slurm, and the bundled dev-Slurm scenario itself. */
class DevSlurmWorkloadTest {
    @Test
    void theBundledScenarioNamesTheDevSlurmsNodeSetsAndPartitions() {
        var s = Scenario.load(Scenario.DEV_SLURM);
        assertThat(s.nodeSets()).extracting(SandboxNodeSet::name, SandboxNodeSet::partition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("slurm-worker-gpu-h100", "gpu-h100"),
                        org.assertj.core.groups.Tuple.tuple("slurm-worker-trn1", "trn1"));
        // named as Slinky's chart names them: the pod template hostname "<key>-" names the Slurm nodes and Nodeset
        assertThat(s.nodeSets()).extracting(SandboxNodeSet::hostname).containsExactly("gpu-h100-", "trn1-");
        assertThat(s.nodeSets().get(0).node().features()).contains("gpu-h100").doesNotContain("slurm-worker-gpu-h100");
        assertThat(DevSlurmWorkload.of(s.workload())).hasSize(2);
    }

    @Test
    void aJobBecomesItsSbatchLineInSubmissionOrder() throws Exception {
        var workload = scenario("""
                  - {name: later, user: bob, partition: gpu-h100, start: 5s, array: 4, throttle: 2,
                     memoryPerNodeMB: 1024, gresPerNode: "gpu:h100:2", runtime: 15s}
                  - {name: train, user: alice, partition: gpu-h100, nodes: 2, memoryPerNodeMB: 1024,
                     gresPerNode: "gpu:h100:8", exclusive: true, runtime: 20s, timeLimit: 90s}
                """).workload();
        var subs = DevSlurmWorkload.of(workload);
        assertThat(subs).extracting(DevSlurmWorkload.Submission::offset)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(5));
        assertThat(subs.get(0).user()).isEqualTo("alice");
        assertThat(subs.get(0).sbatchArgs()).containsExactly("-J", "train", "-p", "gpu-h100", "-N", "2", "-n", "2",
                "--cpus-per-task=1", "--mem=1024", "-t", "2", "--gres=gpu:h100:8", "--exclusive", "--wrap",
                "sleep 20");
        assertThat(subs.get(1).sbatchArgs()).contains("--array=0-3%2", "--gres=gpu:h100:2", "sleep 15")
                .doesNotContain("--exclusive");
    }

    @Test
    void beginAndAfterOkBecomeSbatchsBeginAndDependencyOnTheIdOfTheSameIndexInTheNamedGroup() throws Exception {
        var workload = scenario("""
                  - {name: prep, user: bob, partition: gpu-h100, count: 2, every: 10s, memoryPerNodeMB: 1024,
                     runtime: 30s}
                  - {name: tune, user: bob, partition: gpu-h100, start: 1s, count: 2, every: 10s,
                     memoryPerNodeMB: 1024, gresPerNode: "gpu:h100:8", runtime: 20s, afterOk: prep}
                  - {name: booked, user: alice, partition: gpu-h100, start: 2s, memoryPerNodeMB: 1024,
                     runtime: 20s, begin: 20m}
                """).workload();
        var subs = DevSlurmWorkload.of(workload);
        var booked = subs.stream().filter(s -> s.group().equals("booked")).findFirst().orElseThrow();
        assertThat(booked.sbatchArgs()).containsExactly("-J", "booked", "-p", "gpu-h100", "-N", "1", "-n", "1",
                "--cpus-per-task=1", "--mem=1024", "-t", "1", "--begin=now+1200", "--wrap", "sleep 20");
        assertThat(booked.waitsForEligibility()).isTrue();

        var ids = java.util.Map.of("prep#0", 101L, "prep#1", 102L);
        var tunes = subs.stream().filter(s -> s.group().equals("tune")).toList();
        assertThat(tunes).extracting(s -> s.sbatchArgs((group, index) -> ids.get(group + "#" + index)))
                .containsExactly(
                        List.of("-J", "tune", "-p", "gpu-h100", "-N", "1", "-n", "1", "--cpus-per-task=1", "--mem=1024",
                                "-t", "1", "--gres=gpu:h100:8", "--dependency=afterok:101", "--wrap", "sleep 20"),
                        List.of("-J", "tune", "-p", "gpu-h100", "-N", "1", "-n", "1", "--cpus-per-task=1", "--mem=1024",
                                "-t", "1", "--gres=gpu:h100:8", "--dependency=afterok:102", "--wrap", "sleep 20"));
        assertThat(tunes.get(0).waitsForEligibility()).isTrue();
        assertThatThrownBy(() -> tunes.get(0).sbatchArgs()).hasMessageContaining("depends on job 0 of prep");

        var prep = subs.get(0);
        assertThat(prep.group()).isEqualTo("prep");
        assertThat(prep.waitsForEligibility()).isFalse();
        assertThat(prep.sbatchArgs((g, i) -> { throw new AssertionError("no dependency"); }))
                .doesNotContain("--begin=now+0").noneMatch(a -> a.startsWith("--dependency") || a.startsWith("--begin"));
    }

    @Test
    void whatSbatchCannotSayDirectlyIsRefusedNamingTheField() throws Exception {
        var workload = scenario("""
                  - {name: sweep, partition: gpu-h100, memoryPerNodeMB: 1024, gresPerTask: "gpu:1", runtime: 5s}
                """).workload();
        assertThatThrownBy(() -> DevSlurmWorkload.of(workload)).hasMessageStartingWith("jobs.sweep.gresPerJob/gresPerTask");
    }

    private static Scenario scenario(String jobs) throws Exception {
        String yaml = """
                nodePools: [{name: h100, instanceType: p5, capacity: {cpu: "96"}}]
                nodeSets:
                  - {name: slurm-worker-gpu-h100, partition: gpu-h100, nodePool: h100, maxNodes: 4,
                     node: {cpus: 96, memoryMB: 1000000, gres: "gpu:h100:8"}}
                jobs:
                """ + jobs;
        return Scenario.from(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }
}
