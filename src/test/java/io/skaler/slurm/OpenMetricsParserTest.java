package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict exposition-format reader: what it accepts, and the line and reason when it does not. */
class OpenMetricsParserTest {

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream fixture(String name) {
        return OpenMetricsParserTest.class.getResourceAsStream("metrics/" + name);
    }

    private static List<OpenMetricsParser.Sample> all(String s) throws Exception {
        return OpenMetricsParser.parse(text(s), n -> true);
    }

    @Test
    void reads_slurm_25_11_partition_metrics_keeping_only_the_wanted_families() throws Exception {
        List<OpenMetricsParser.Sample> pending = OpenMetricsParser.parse(fixture("slurm-25.11-partitions.txt"),
                "slurm_partition_jobs_pending"::equals);

        assertThat(pending).containsExactly(
                new OpenMetricsParser.Sample("slurm_partition_jobs_pending", Map.of("partition", "cpu"), 1),
                new OpenMetricsParser.Sample("slurm_partition_jobs_pending", Map.of("partition", "gpu-h100"), 37),
                new OpenMetricsParser.Sample("slurm_partition_jobs_pending", Map.of("partition", "trn1"), 0));
    }

    @Test
    void reads_values_timestamps_escapes_trailing_commas_and_exemplars() throws Exception {
        List<OpenMetricsParser.Sample> s = all("""
                # a free comment
                a 1.5e3
                b{x="q\\"uo\\\\te\\nd",} -Inf 1700000000000
                c{} NaN
                d_total{le="+Inf"} 7 # {trace_id="abc"} 1.0
                e +Inf
                """);

        assertThat(s).extracting(OpenMetricsParser.Sample::name).containsExactly("a", "b", "c", "d_total", "e");
        assertThat(s.get(0).value()).isEqualTo(1500.0);
        assertThat(s.get(1).label("x")).isEqualTo("q\"uo\\te\nd");
        assertThat(s.get(1).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.get(2).value()).isNaN();
        assertThat(s.get(3).value()).isEqualTo(7.0);
        assertThat(s.get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a{x=\"1\"} abc                 | line 1: 'abc' is not a number (a)",
            "a{x=1} 2                       | line 1: malformed label at column 3",
            "a{x=\"1\" 2                    | line 1: expected ',' or '}' after label x",
            "a{x=\"1} 2                     | line 1: unterminated value of label x",
            "a{x=\"\\t\"} 2                 | line 1: bad escape '\\t' in label x",
            "a{x=\"1\",x=\"2\"} 2           | line 1: label x given twice",
            "a                              | line 1: expected a space and a value after a",
            "a 1 2 3                        | line 1: expected 'value [timestamp]' after a",
            "9a 1                           | line 1: expected a metric name",
            "# TYPE a blob                  | line 1: unknown metric type 'blob' for a",
    })
    void malformed_lines_fail_with_line_and_reason(String line, String message) {
        assertThatThrownBy(() -> all(line.strip() + "\n")).isInstanceOf(OpenMetricsParser.FormatError.class)
                .hasMessageContaining(message);
    }

    @Test
    void errors_name_the_right_line_and_content_after_eof_is_refused() {
        assertThatThrownBy(() -> all("a 1\nb 2\nc x\n")).hasMessageContaining("line 3:");
        assertThatThrownBy(() -> all("# TYPE a gauge\n# TYPE a gauge\n")).hasMessageContaining("line 2: second TYPE line for a");
        assertThatThrownBy(() -> all("a 1\n# EOF\nb 2\n")).hasMessageContaining("line 3: content after '# EOF'");
    }

    @Test
    void an_empty_exposition_has_no_samples() throws Exception {
        assertThat(all("")).isEmpty();
    }
}
