package io.skaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "10m, 600000",
            "1h30m, 5400000",
            "90s, 90000",
            "500ms, 500",
            "1.5h, 5400000",
            "0, 0",
            "0s, 0",
            "2h0m0s, 7200000",
            "1m30.5s, 90500",
            ".5s, 500",
            "-1m, -60000",
            "+2s, 2000",
            "1000us, 1",
            "1000µs, 1",
            "1000000ns, 1"})
    void parsesGoAndKubernetesForms(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "''|empty duration",
            "10|missing unit in duration \"10\" (use ns, us, ms, s, m or h, e.g. 10m)",
            "10d|unknown unit \"d\" in duration \"10d\" (use ns, us, ms, s, m or h)",
            "PT10M|invalid duration \"PT10M\": expected a number at \"PT10M\"",
            "1..5s|invalid duration \"1..5s\": expected a number at \"1..5s\"",
            "m|invalid duration \"m\": expected a number at \"m\"",
            "-|invalid duration \"-\"",
            "10 m|unknown unit \" m\" in duration \"10 m\" (use ns, us, ms, s, m or h)",
            "9999999999h|duration \"9999999999h\" is too large"})
    void rejectsWithAReason(String text, String reason) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT1H30M, 1h30m", "PT90S, 1m30s", "PT0.5S, 500ms", "PT0S, 0s", "PT1.25S, 1.25s", "-PT10M, -10m"})
    void formatsShortestForm(String iso, String go) {
        assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(go);
        assertThat(GoDuration.parse(go)).isEqualTo(Duration.parse(iso));
    }
}
