package io.skaler.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTest {

    @Test
    void lintsStrictWithDefaultValues() {
        LintResult result = new Helm(Chart.dir()).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    /** helm lint takes no values file here, so lint a copy whose values.yaml is the defaults overlaid with ci/. */
    @Test
    void lintsStrictWithFullValues(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("skaler");
        copyTree(Chart.dir(), copy);
        var merged = Chart.merge(Chart.readYaml(Chart.dir().resolve("values.yaml")), Chart.readYaml(Chart.fullValues()));
        Files.writeString(copy.resolve("values.yaml"), Chart.YAML.writeValueAsString(merged));

        LintResult result = new Helm(copy).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void lintFailsOnABrokenTemplate(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("skaler");
        copyTree(Chart.dir(), copy);
        Files.writeString(copy.resolve("templates/broken.yaml"), "kind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.deeper }}\n");

        LintResult result = new Helm(copy).lint().strict().call();

        assertThat(result.isFailed()).isTrue();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
