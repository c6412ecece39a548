package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void cpuInCoresMemoryInBytesCountsAsIs() {
        assertThat(Quantities.parse("cpu", "500m")).isEqualTo(new BigDecimal("0.5"));
        assertThat(Quantities.parse("cpu", "48")).isEqualTo(new BigDecimal("48"));
        assertThat(Quantities.parse("memory", "1Gi")).isEqualTo(new BigDecimal("1073741824"));
        assertThat(Quantities.parse("memory", "2G")).isEqualTo(new BigDecimal("2000000000"));
        assertThat(Quantities.parse("nvidia.com/gpu", 8)).isEqualTo(new BigDecimal("8"));
    }

    @Test
    void equalAmountsAreEqualAndFormatRoundTrips() {
        assertThat(Quantities.parse("cpu", "1000m")).isEqualTo(Quantities.parse("cpu", "1"));
        assertThat(Quantities.format(new BigDecimal("48.500"))).isEqualTo("48.5");
        assertThat(Quantities.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Quantities.parse("x", Quantities.format(new BigDecimal("0.25")))).isEqualTo(new BigDecimal("0.25"));
    }

    @Test
    void aBadQuantityNamesTheField() {
        assertThatThrownBy(() -> Quantities.parse("spec.limits.cpu", "lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spec.limits.cpu")
                .hasMessageContaining("lots");
    }
}
