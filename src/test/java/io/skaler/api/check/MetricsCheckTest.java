package io.skaler.api.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsCheckTest {
    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({"'',true,PASS", "'',false,WARN", "connection refused,false,FAIL"})
    void judgesTheProbe(String error, boolean series, CheckStatus expected) {
        var probe = new MetricsProbe("http://skaler:8080/q/metrics", error.isEmpty() ? Optional.empty()
                : Optional.of(error), series);
        assertThat(new MetricsCheck().run(CheckInput.empty(CheckFixtures.NOW).withMetrics(probe)))
                .extracting(CheckResult::status).containsExactly(expected);
        assertThat(new MetricsCheck().run(CheckInput.empty(CheckFixtures.NOW))).extracting(CheckResult::status)
                .containsExactly(CheckStatus.SKIP);
    }
}
