package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void aBurstPassesThenWritesAreSpacedAtTheRate() throws Exception {
        AtomicLong now = new AtomicLong();
        List<Duration> waits = new ArrayList<>();
        var bucket = new TokenBucket(4, 3, now::get, d -> {
            waits.add(d);
            now.addAndGet(d.toNanos());
        });
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        assertThat(waits).isEmpty();
        bucket.acquire();
        bucket.acquire();
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));

        now.addAndGet(Duration.ofSeconds(10).toNanos()); // idle time refills only up to the burst
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        assertThat(waits).hasSize(2);
        bucket.acquire();
        assertThat(waits).hasSize(3);
    }
}
