package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerTokenTest {
    private final TriggerToken token = new TriggerToken(Optional.of("s3cret\n"));

    @Test
    void acceptsTheConfiguredBearerToken() {
        assertThat(token.accepts("Bearer s3cret")).isTrue();
    }

    @Test
    void rejectsWrongMissingOrMalformed() {
        assertThat(token.accepts("Bearer s3cre")).isFalse();
        assertThat(token.accepts("Bearer s3cret2")).isFalse();
        assertThat(token.accepts("s3cret")).isFalse();
        assertThat(token.accepts("Basic s3cret")).isFalse();
        assertThat(token.accepts(null)).isFalse();
    }

    @Test
    void noConfiguredTokenRefusesEveryone() {
        var none = new TriggerToken(Optional.of("  "));
        assertThat(none.configured()).isFalse();
        assertThat(none.accepts("Bearer ")).isFalse();
        assertThat(none.accepts("Bearer anything")).isFalse();
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
