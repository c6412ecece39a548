package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.loop.ConditionLog.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionLogTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final ConditionLog log = new ConditionLog(Duration.ofMinutes(5));

    @Test
    void aConditionThatLastsIsLoggedWhenItBeginsThenRemindedThenEnded() {
        List<String> lines = new ArrayList<>();
        for (int s = 0; s <= 700; s += 2) { // a cycle every 2 s, no policy for 11m40s
            log.observe("NO_POLICY", "no valid policy accepted yet", T0.plusSeconds(s))
                    .ifPresent(l -> lines.add(l.level() + " " + l.text()));
        }
        log.observe("", "", T0.plusSeconds(702)).ifPresent(l -> lines.add(l.level() + " " + l.text()));
        assertThat(lines).containsExactly(
                "WARN NO_POLICY: no valid policy accepted yet",
                "WARN still NO_POLICY after 5m: no valid policy accepted yet",
                "WARN still NO_POLICY after 10m: no valid policy accepted yet",
                "INFO NO_POLICY ended after 11m42s");
    }

    @Test
    void nothingIsLoggedWhileAllIsWell() {
        for (int s = 0; s < 3600; s += 2) {
            assertThat(log.observe("", "", T0.plusSeconds(s))).isEmpty();
        }
    }

    @Test
    void oneConditionGivingWayToAnotherSaysBoth() {
        log.observe("STALE slurm", "slurm read failed: connection refused", T0);
        var line = log.observe("STALE kubernetes", "kubernetes view not synced", T0.plusSeconds(30)).orElseThrow();
        assertThat(line.level()).isEqualTo(Level.WARN);
        assertThat(line.text()).isEqualTo("STALE slurm ended after 30s; STALE kubernetes: kubernetes view not synced");
    }
}
