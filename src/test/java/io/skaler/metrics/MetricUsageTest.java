package io.skaler.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert rules and the Grafana dashboard only read series that SkalerMetrics really exports. */
class MetricUsageTest {
    private static final Pattern METRIC = Pattern.compile("\\bskaler_[a-z_]+");
    static Set<String> exported;

    @BeforeAll
    static void scrape() {
        var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SkalerMetricsTest.exerciseEverything(new SkalerMetrics(prometheus));
        exported = PrometheusText.familiesWithLabelKeys(prometheus.scrape()).keySet();
    }

    @Test
    void alertRulesUseExportedSeries() throws IOException {
        String rules = Files.readString(MetricsDocTest.projectDir().resolve("charts/skaler/templates/prometheusrule.yaml"));
        List<String> exprs = new ArrayList<>();
        for (String line : rules.split("\n")) {
            if (!line.contains("description:") && !line.contains("summary:") && !line.contains("runbook")) {
                exprs.add(line);
            }
        }

        Set<String> used = used(String.join("\n", exprs));

        assertThat(used).hasSizeGreaterThan(8);
        assertThat(exported).containsAll(used);
    }

    @Test
    void dashboardUsesExportedSeriesAndShowsDemandDecisionsLatencyAndErrors() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(
                MetricsDocTest.projectDir().resolve("charts/skaler/dashboards/skaler.json").toFile());
        StringBuilder exprs = new StringBuilder();
        List<String> rows = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                rows.add(panel.path("title").asText());
            }
            panel.path("targets").forEach(t -> exprs.append(t.path("expr").asText()).append('\n'));
        }

        assertThat(rows).containsExactly("Demand vs capacity", "Decisions", "Latency", "Errors");
        assertThat(exported).containsAll(used(exprs.toString()));
        assertThat(exprs.toString()).contains("skaler_partition_nodes_needed", "skaler_nodeset_replicas",
                "skaler_decisions_total", "skaler_cycle_phase_seconds_bucket", "skaler_slurmrestd_requests_total");
    }

    private static Set<String> used(String text) {
        Set<String> out = new TreeSet<>();
        var m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        out.remove("skaler_");
        return out;
    }
}
