package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.policy.Policy;
import io.skaler.policy.PolicyError;
import io.skaler.policy.PolicyResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolicyHolderTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private final AtomicInteger parses = new AtomicInteger();
    private final PolicyHolder holder = new PolicyHolder(text -> {
        parses.incrementAndGet();
        if (text.startsWith("bad")) {
            return new PolicyResult.Invalid(List.of(new PolicyError("partitions[0].nodeSets[0].maxReplicas", "must be >= minReplicas")));
        }
        if (text.startsWith("crash")) {
            throw new IllegalStateException("parser bug");
        }
        return new PolicyResult.Valid(new Policy(List.of(), Map.of(), text));
    });

    @Test
    void validPolicyIsTakenAtOnce() {
        holder.offer("good-1", "cm/skaler-policy@1", T0);
        assertThat(holder.active()).hasValueSatisfying(a -> {
            assertThat(a.policy().version()).isEqualTo("good-1");
            assertThat(a.origin()).isEqualTo("cm/skaler-policy@1");
        });
    }

    @Test
    void invalidPolicyKeepsTheLastGoodOne() {
        holder.offer("good-1", "cm@1", T0);
        var verdict = holder.offer("bad-2", "cm@2", T0.plusSeconds(5));
        assertThat(verdict).containsInstanceOf(PolicyResult.Invalid.class);
        assertThat(holder.active()).hasValueSatisfying(a -> assertThat(a.policy().version()).isEqualTo("good-1"));
        assertThat(holder.lastRejection()).hasValueSatisfying(r -> assertThat(r.verdict().errors().get(0).toString())
                .startsWith("partitions[0].nodeSets[0].maxReplicas"));
    }

    @Test
    void aParserThatThrowsIsARejectionNotACrash() {
        holder.offer("good-1", "cm@1", T0);
        assertThat(holder.offer("crash", "cm@2", T0)).containsInstanceOf(PolicyResult.Invalid.class);
        assertThat(holder.active()).isPresent();
    }

    @Test
    void theSameTextIsParsedOnce() {
        holder.offer("good-1", "cm@1", T0);
        assertThat(holder.offer("good-1", "cm@1", T0)).isEmpty();
        assertThat(parses).hasValue(1);
    }

    @Test
    void acceptingClearsTheRejection() {
        holder.offer("bad-1", "cm@1", T0);
        assertThat(holder.active()).isEmpty();
        holder.offer("good-2", "cm@2", T0);
        assertThat(holder.lastRejection()).isEmpty();
    }
}
