package io.skaler.policy;

import static io.skaler.policy.PolicyFixtures.policyWith;
import static io.skaler.policy.PolicyFixtures.withTop;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code scaleUp.bootTime} and {@code scaleUp.lookAhead}: defaults, layering, and what {@code auto} resolves to. */
class AnticipationPolicyTest {

    private static NodeSetPolicy only(String yaml) {
        return PolicyParserTest.only(yaml);
    }

    @Test
    void defaultsAreTenMinutesAndAuto() {
        ScaleUp up = only(policyWith("")).scaleUp();
        assertThat(up.bootTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(up.lookAhead()).isEqualTo(LookAhead.AUTO);
        assertThat(up.lookAhead().resolve(up.bootTime())).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void nodeSetOverridesDefaultsFieldByField() {
        String yaml = withTop("defaults: {scaleUp: {bootTime: 12m, lookAhead: 0s}}")
                .replace("maxReplicas: 3", "maxReplicas: 3, scaleUp: {bootTime: 4m}");
        ScaleUp up = only(yaml).scaleUp();
        assertThat(up.bootTime()).isEqualTo(Duration.ofMinutes(4));
        assertThat(up.lookAhead()).as("0s from defaults stays: anticipation off").isEqualTo(LookAhead.OFF);
        assertThat(up.maxNodesPerCycle()).isEqualTo(100);
    }

    @Test
    void aFixedLookAheadIgnoresTheBootTime() {
        ScaleUp up = only(policyWith("scaleUp: {lookAhead: 30m, bootTime: 5m}")).scaleUp();
        assertThat(up.lookAhead().resolve(up.bootTime())).isEqualTo(Duration.ofMinutes(30));
        assertThat(up.lookAhead()).hasToString("30m");
        assertThat(only(policyWith("scaleUp: {lookAhead: auto}")).scaleUp().lookAhead()).hasToString("auto");
    }
}
