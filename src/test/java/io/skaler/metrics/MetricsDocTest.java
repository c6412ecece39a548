package io.skaler.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/metrics.md documents exactly the metric families the code exports. */
class MetricsDocTest {
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(skaler_[a-z_]+)`", Pattern.MULTILINE);

    @Test
    void everyExportedFamilyIsDocumentedAndNothingElse() throws IOException {
        var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SkalerMetricsTest.exerciseEverything(new SkalerMetrics(prometheus));
        Set<String> samples = PrometheusText.familiesWithLabelKeys(prometheus.scrape()).keySet();
        Set<String> exported = new TreeSet<>();
        for (String n : samples) { // a histogram's samples share the family name of its _bucket series
            String base = n.replaceFirst("_(bucket|sum|count|max)$", "");
            exported.add(samples.contains(base + "_bucket") ? base : n);
        }

        Set<String> documented = new TreeSet<>();
        var m = DOCUMENTED.matcher(Files.readString(projectDir().resolve("docs/metrics.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }

        assertThat(documented).isEqualTo(exported);
    }

    static Path projectDir() {
        return Path.of(System.getProperty("skaler.projectDir", "."));
    }
}
