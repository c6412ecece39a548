package io.skaler.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules users get are the ones rendered by the chart: they are extracted from the PrometheusRule and handed
 * to {@code promtool check rules} and {@code promtool test rules} (src/test/resources/promtool). promtool comes from the
 * Debian package {@code prometheus}; without it the promtool tests skip, unless {@code -Dskaler.requireTools=true}
 * (CI) makes its absence a failure.
 */
class AlertRulesTest {
    static final List<String> REQUIRED_ALERTS = List.of("SkalerDown", "SkalerNoLeader", "SkalerNoSuccessfulCycle",
            "SkalerSlurmrestdFailing", "SkalerAcceleratorDemandUnservedAtMax", "SkalerCapacityNotArriving",
            "SkalerScaleInBlocked", "SkalerPolicyRejected", "SkalerNodePoolConsolidationRisk");

    static JsonNode groups;

    @BeforeAll
    static void render() {
        groups = Chart.defaults().one("PrometheusRule").path("spec").path("groups");
    }

    @Test
    void everyRequiredAlertIsThereWithSeverityAndRunbookSection() throws IOException {
        String operations = Files.readString(Chart.projectDir().resolve("docs/operations.md"));
        Set<String> anchors = new TreeSet<>();
        var heading = Pattern.compile("^#{2,3} (\\S+)\\s*$", Pattern.MULTILINE).matcher(operations);
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase());
        }

        List<String> names = new ArrayList<>();
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            names.add(alert);
            assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("critical", "warning");
            assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
            assertThat(rule.path("annotations").path("runbook_url").asText()).as(alert)
                    .isEqualTo("https://github.com/skaler-io/skaler/blob/main/docs/operations.md#" + alert.toLowerCase());
            assertThat(anchors).as("docs/operations.md has a section '## %s'", alert).contains(alert.toLowerCase());
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(REQUIRED_ALERTS);
    }

    @Test
    void everyAlertHasAFiringAndAQuietUnitTest() throws IOException {
        JsonNode tests = Chart.readYaml(unitTests()).path("tests");
        for (String alert : REQUIRED_ALERTS) {
            boolean fires = false;
            boolean quiet = false;
            for (JsonNode test : tests) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    if (check.path("alertname").asText().equals(alert)) {
                        fires |= check.path("exp_alerts").size() > 0;
                        quiet |= check.path("exp_alerts").isEmpty();
                    }
                }
            }
            assertThat(fires).as("%s has a case where it fires", alert).isTrue();
            assertThat(quiet).as("%s has a case where it stays quiet", alert).isTrue();
        }
    }

    @Test
    void promtoolAcceptsTheRules(@TempDir Path dir) throws Exception {
        Path rules = writeRules(dir);

        Result check = promtool(dir, "check", "rules", rules.toString());

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + REQUIRED_ALERTS.size() + " rules found");
    }

    @Test
    void promtoolUnitTestsPass(@TempDir Path dir) throws Exception {
        writeRules(dir);
        Path tests = Files.copy(unitTests(), dir.resolve("skaler-alerts-test.yaml"));

        Result result = promtool(dir, "test", "rules", tests.toString());

        assertThat(result.exit()).as(result.output()).isZero();
    }

    /** The unit tests can fail: the same tests against rules with a changed threshold must not pass. */
    @Test
    void promtoolUnitTestsCatchAChangedThreshold(@TempDir Path dir) throws Exception {
        Path rules = writeRules(dir);
        Files.writeString(rules, Files.readString(rules).replace("> 3600", "> 7200"));
        Path tests = Files.copy(unitTests(), dir.resolve("skaler-alerts-test.yaml"));

        Result result = promtool(dir, "test", "rules", tests.toString());

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).contains("SkalerScaleInBlocked");
    }

    static List<JsonNode> rules() {
        List<JsonNode> out = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(out::add));
        return out;
    }

    static Path unitTests() {
        return Chart.projectDir().resolve("src/test/resources/promtool/skaler-alerts-test.yaml");
    }

    private static Path writeRules(Path dir) throws IOException {
        var doc = Chart.YAML.createObjectNode();
        doc.set("groups", groups);
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, Chart.YAML.writeValueAsString(doc));
        return rules;
    }

    record Result(int exit, String output) {
    }

    static Result promtool(Path dir, String... args) throws Exception {
        Path binary = Tools.find("promtool", "prometheus");
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
