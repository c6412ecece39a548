package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code skaler plan --now} on the same real capture of Slurm 26.05.5 (jobs.tsv: job 7 was submitted with
 * {@code --begin=now+1hour}, eligible at 2026-12-06T20:15:48Z) with the default policy (boot time 10m, look-ahead
 * auto): 30 minutes before its eligibility the job is not counted, 5 minutes before it is, and the reasons say so.
 */
class PlanAnticipationCaptureTest {

    static JsonNode plan(String version, String now) {
        Path dir = PlanFromSlurm2605Test.captures();
        PlanCommandTest.Run r = PlanCommandTest.run("plan", "--slurm", dir.resolve(version).toString(), "--policy",
                dir.resolve("policy.yaml").toString(), "--now", now);
        assertThat(r.err()).as(version).isEmpty();
        assertThat(r.exit()).as(version).isZero();
        return r.json();
    }

    static List<String> reasons(JsonNode plan, String nodeSet) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : plan.path("targets")) {
            if ((t.path("namespace").asText() + "/" + t.path("name").asText()).equals(nodeSet)) {
                t.path("reasons").forEach(r -> out.add(r.asText()));
            }
        }
        return out;
    }

    static int desired(JsonNode plan, String nodeSet) {
        for (JsonNode t : plan.path("targets")) {
            if ((t.path("namespace").asText() + "/" + t.path("name").asText()).equals(nodeSet)) {
                return t.path("desired").asInt();
            }
        }
        throw new AssertionError("no target for " + nodeSet + " in " + plan);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.42", "v0.0.44"})
    void aBeginJobThirtyMinutesOutIsNotCountedAndFiveMinutesBeforeItIs(String version) {
        JsonNode early = plan(version, "2026-12-06T19:45:48Z");
        JsonNode late = plan(version, "2026-12-06T20:10:48Z");

        assertThat(early.path("excludedJobs").findValuesAsText("reason"))
                .contains("eligible at 2026-12-06T20:15:48Z (in 30m; beyond look-ahead 10m)");
        assertThat(early.path("anticipatedJobs")).isEmpty();

        assertThat(late.path("excludedJobs").findValuesAsText("jobId")).doesNotContain("7");
        JsonNode ahead = late.path("anticipatedJobs");
        assertThat(ahead).hasSize(1);
        assertThat(ahead.get(0).path("jobId").asLong()).isEqualTo(7);
        assertThat(ahead.get(0).path("eligibleAt").asText()).isEqualTo("2026-12-06T20:15:48Z");
        assertThat(ahead.get(0).path("bootTimeSeconds").asLong()).isEqualTo(600);
        assertThat(ahead.get(0).path("bootTimeLearned").asBoolean()).isFalse();
        String nodeSet = "slurm/slurm-worker-gpu-h100";
        assertThat(reasons(late, nodeSet)).contains("job 7 counted ahead: eligible at 2026-12-06T20:15:48Z"
                + " (begin time), within look-ahead 10m of NodeSet " + nodeSet + "; boot time 10m (policy estimate)");
        assertThat(desired(late, nodeSet)).as("one more 8-GPU node for job 7").isEqualTo(desired(early, nodeSet) + 1);
    }

    /** The plan says when the next job enters the look-ahead (the loop wakes up then), and at that instant it counts. */
    @Test
    void thePlanShowsWhenTheNextJobEntersTheLookAhead() {
        JsonNode early = plan("v0.0.44", "2026-12-06T19:45:48Z");
        assertThat(early.path("nextLookAheadEntry").asText()).as("job 7's eligibility minus the 10m look-ahead")
                .isEqualTo("2026-12-06T20:05:48Z");

        JsonNode atEntry = plan("v0.0.44", "2026-12-06T20:05:48Z");
        assertThat(atEntry.path("anticipatedJobs").findValuesAsText("jobId")).containsExactly("7");
        assertThat(atEntry.has("nextLookAheadEntry")).isTrue();
        assertThat(atEntry.path("nextLookAheadEntry").isNull()).as("no other job waits to enter it").isTrue();
    }

    /** The NodeSet learned a 35-minute p90 from its launches: 30 minutes before, job 7 already counts. */
    @Test
    void aBootTimeLearnedOnTheNodeSetWidensTheLookAhead(@TempDir Path tmp) throws Exception {
        Path kube = tmp.resolve("kube.yaml");
        Files.writeString(kube, """
                apiVersion: slinky.slurm.net/v1beta1
                kind: NodeSet
                metadata:
                  name: slurm-worker-gpu-h100
                  namespace: slurm
                  annotations: {skaler.io/boot-time-samples: "1500,1800,2100@2026-12-06T18:00:00Z"}
                spec: {replicas: 0}
                status: {replicas: 0, readyReplicas: 0}
                """);
        Path dir = PlanFromSlurm2605Test.captures();
        PlanCommandTest.Run r = PlanCommandTest.run("plan", "--slurm", dir.resolve("v0.0.44").toString(), "--policy",
                dir.resolve("policy.yaml").toString(), "--kube", kube.toString(), "--now", "2026-12-06T19:45:48Z");
        assertThat(r.err()).isEmpty();
        JsonNode ahead = r.json().path("anticipatedJobs");
        assertThat(ahead).hasSize(1);
        assertThat(ahead.get(0).path("bootTimeSeconds").asLong()).isEqualTo(2100);
        assertThat(ahead.get(0).path("bootTimeLearned").asBoolean()).isTrue();
        assertThat(reasons(r.json(), "slurm/slurm-worker-gpu-h100")).anyMatch(t -> t.startsWith("job 7 counted ahead")
                && t.endsWith("boot time 35m (learned)"));
    }
}
