package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchWindowTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private final BatchWindow window = new BatchWindow(Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void closedWindowIsNeverReady() {
        assertThat(window.open()).isFalse();
        assertThat(window.closesAt()).isEmpty();
        assertThat(window.readyAt(T0.plusSeconds(100))).isFalse();
    }

    @Test
    void closesAfterIdlePeriodWithoutTriggers() {
        window.add(T0);
        assertThat(window.readyAt(T0.plusMillis(999))).isFalse();
        assertThat(window.readyAt(T0.plusSeconds(1))).isTrue();
    }

    @Test
    void eachTriggerExtendsTheIdlePeriod() {
        window.add(T0);
        window.add(T0.plusMillis(800));
        assertThat(window.readyAt(T0.plusSeconds(1))).isFalse();
        assertThat(window.closesAt()).contains(T0.plusMillis(1800));
    }

    @Test
    void steadyStreamIsCutAtMax() {
        for (int ms = 0; ms <= 10_000; ms += 500) {
            window.add(T0.plusMillis(ms));
            if (window.readyAt(T0.plusMillis(ms))) {
                assertThat(ms).isEqualTo(5_000);
                assertThat(window.take()).isEqualTo(11);
                return;
            }
        }
        throw new AssertionError("a continuous stream must close at max");
    }

    @Test
    void takeResetsTheWindow() {
        window.add(T0);
        window.add(T0);
        assertThat(window.take()).isEqualTo(2);
        assertThat(window.open()).isFalse();
        assertThat(window.size()).isZero();
    }

    @Test
    void rejectsIdleLongerThanMax() {
        assertThatThrownBy(() -> new BatchWindow(Duration.ofSeconds(6), Duration.ofSeconds(5)))
                .hasMessageContaining("idle <= max");
    }
}
