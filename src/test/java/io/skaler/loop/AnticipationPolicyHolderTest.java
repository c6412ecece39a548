package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A bad {@code bootTime} or {@code lookAhead} is refused like every policy error: the last good policy stays. */
class AnticipationPolicyHolderTest {
    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private static String policy(String scaleUp) {
        return """
                apiVersion: skaler.io/v1alpha1
                kind: Policy
                defaults: {scaleUp: %s}
                partitions:
                  - name: p
                    nodeSets:
                      - {name: ns, namespace: slurm, node: {cpus: 4, memoryMB: 8000}, maxReplicas: 3}
                """.formatted(scaleUp);
    }

    @Test
    void badValuesAreRefusedNamingTheFieldAndTheLastGoodPolicyStays() {
        var holder = new PolicyHolder(io.skaler.policy.PolicyParser::parse);
        holder.offer(policy("{bootTime: 7m}"), "cm@1", T0);
        var refused = holder.offer(policy("{bootTime: -5m, lookAhead: soon}"), "cm@2", T0.plusSeconds(5));
        assertThat(refused).hasValueSatisfying(v -> assertThat(((io.skaler.policy.PolicyResult.Invalid) v).errors()).extracting(Object::toString).containsExactly(
                "defaults.scaleUp.bootTime: must be at least 1s, got -5m",
                "defaults.scaleUp.lookAhead: must be auto or a duration such as 10m, 90s or 0s (off), got string \"soon\""));
        assertThat(holder.active()).hasValueSatisfying(a -> assertThat(
                a.policy().partitions().get(0).nodeSets().get(0).scaleUp().bootTime()).isEqualTo(Duration.ofMinutes(7)));
    }
}
