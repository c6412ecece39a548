package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionTest {
    private static final List<String> COMMANDS = List.of("serve", "plan", "sandbox", "check", "help");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {"chek,check", "chekc,check", "CHECK,check", "pln,plan", "sandbx,sandbox",
        "serv,serve", "hlep,help", "x,", "deploy,", "status,"})
    void closestKnownWordWhenCloseEnough(String typed, String expected) {
        assertThat(Suggestion.closest(typed, COMMANDS).orElse(null)).isEqualTo(expected);
    }
}
