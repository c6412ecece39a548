package io.skaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemorySizeTest {

    @ParameterizedTest(name = "{0} = {1} MiB")
    @CsvSource({
            "1000Gi, 1024000",
            "512Mi, 512",
            "1Ti, 1048576",
            "1.5Gi, 1536",
            "500G, 476837",
            "1048576, 1",
            "1048575, 0",
            "2e9, 1907",
            "1024Ki, 1",
            "1P, 953674316"})
    void convertsToMebibytesRoundingDown(String quantity, long mib) {
        assertThat(MemorySize.toMebibytes(quantity)).isEqualTo(mib);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1GB|unknown suffix \"GB\" in quantity \"1GB\" (use Ki, Mi, Gi, Ti, Pi, k, M, G, T or P)",
            "Gi|invalid quantity \"Gi\" (expected e.g. 1000Gi, 512Mi, 500G)",
            "-1Gi|invalid quantity \"-1Gi\" (expected e.g. 1000Gi, 512Mi, 500G)",
            "1.2.3Gi|invalid quantity \"1.2.3Gi\" (expected e.g. 1000Gi, 512Mi, 500G)",
            "100m|unknown suffix \"m\" in quantity \"100m\" (use Ki, Mi, Gi, Ti, Pi, k, M, G, T or P)",
            "1e999|unknown suffix \"e999\" in quantity \"1e999\" (use Ki, Mi, Gi, Ti, Pi, k, M, G, T or P)",
            "99999999999999999999Pi|quantity \"99999999999999999999Pi\" is too large"})
    void rejectsWithAReason(String quantity, String reason) {
        assertThatThrownBy(() -> MemorySize.toMebibytes(quantity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }
}
