package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code skaler plan} over real answers of Slurm 26.05.5, one directory per served API version (v0.0.42-45) of the
 * same queue (src/test/resources/slurm/real-26.05/jobs.tsv): the same plan from each.
 */
class PlanFromSlurm2605Test {
    /** A few minutes after the capture: every job but the --begin=now+1hour one is eligible. */
    static final String NOW = "2026-12-06T19:20:00Z";

    static Path captures() {
        try {
            return Path.of(PlanFromSlurm2605Test.class.getResource("/slurm/real-26.05/policy.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode plan(String version) {
        Path dir = captures();
        PlanCommandTest.Run r = PlanCommandTest.run("plan", "--slurm", dir.resolve(version).toString(), "--policy",
                dir.resolve("policy.yaml").toString(), "--now", NOW);
        assertThat(r.err()).as(version).isEmpty();
        assertThat(r.exit()).as(version).isZero();
        return r.json();
    }

    @Test
    void every_served_version_gives_the_same_plan_and_v0_0_45_says_what_it_cannot_see() {
        JsonNode reference = plan("v0.0.44");
        assertThat(reference.path("slurmApiVersion").asText()).isEqualTo("v0.0.44");
        assertThat(reference.path("inputProblems")).isEmpty();
        assertThat(reference.path("targets").get(0).path("action").asText()).isEqualTo("SCALE_UP");
        assertThat(reference.path("excludedJobs").findValuesAsText("jobId")).containsExactly("6", "7", "8");
        assertThat(reference.path("excludedJobs").findValuesAsText("reason")).containsExactly("JobHeldUser",
                "eligible at 2026-12-06T20:15:48Z (in 55m48s; beyond look-ahead 10m)",
                "dependency afterok:1(unfulfilled) (job 1 runs without a time limit: its end is unknown)");

        for (String v : List.of("v0.0.42", "v0.0.43", "v0.0.45")) {
            JsonNode plan = plan(v);
            assertThat(plan.path("slurmApiVersion").asText()).isEqualTo(v);
            if (v.equals("v0.0.45")) {
                assertThat(plan.path("inputProblems")).singleElement().satisfies(p -> assertThat(p.asText())
                        .startsWith("exclusive jobs cannot be recognised: v0.0.45"));
            } else {
                assertThat(plan.path("inputProblems")).as(v).isEmpty();
            }
            assertThat(withoutSource(plan)).as(v).isEqualTo(withoutSource(reference));
        }
    }

    /** The plan without what says where it came from. */
    private static JsonNode withoutSource(JsonNode plan) {
        ObjectNode copy = plan.deepCopy();
        copy.remove(List.of("slurmApiVersion", "inputProblems"));
        return copy;
    }
}
