package io.skaler.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConstraintTest {
    private static final Set<String> FEATURES = Set.of("h100", "ib", "slurm-worker-gpu");

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = ';', value = {
            "'';true",
            "h100;true",
            "a100;false",
            "h100&ib;true",
            "h100&nvlink;false",
            "a100|h100;true",
            "a100|l40s;false",
            "[a100|h100];true",
            "(a100|h100)&ib;true",
            "(a100|h100)&nvlink;false",
            "a100&ib|h100;true",
            "h100*4;true",
            "!a100;true",
            "!h100;false",
            "slurm-worker-gpu;true",
            "h100,ib;true"})
    void matches(String expression, boolean expected) {
        assertThat(Constraint.matches(expression, FEATURES)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(h100", "h100&", "h100)", "&"})
    void unreadableExpressionsSayWhere(String expression) {
        assertThatThrownBy(() -> Constraint.matches(expression, FEATURES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("constraint");
    }
}
