package io.skaler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TriggerQueueTest {
    private final Clock clock = Clock.systemUTC();

    @Test
    void aBurstOfTenThousandTriggersMakesOneBatch() throws InterruptedException {
        var queue = new TriggerQueue(clock, Duration.ofMillis(50), Duration.ofSeconds(30));
        for (int i = 0; i < 10_000; i++) {
            queue.offer(new Trigger(Trigger.Source.SLURM_CHANGE, Instant.now(), "job " + i));
        }
        queue.offer(new Trigger(Trigger.Source.KUBE_WATCH, Instant.now(), "nodeset"));
        var batch = queue.awaitBatch(Duration.ofSeconds(30));
        assertThat(batch.triggers()).isEqualTo(10_001);
        assertThat(batch.sources()).containsExactlyInAnyOrder(Trigger.Source.SLURM_CHANGE, Trigger.Source.KUBE_WATCH);
        assertThat(batch.sample()).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void nothingOfferedGivesAnEmptyBatchAfterTheTimeout() throws InterruptedException {
        var queue = new TriggerQueue(clock, Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(queue.awaitBatch(Duration.ofMillis(30)).isEmpty()).isTrue();
    }

    @Test
    void closeReleasesAWaitingLoop() throws InterruptedException {
        var queue = new TriggerQueue(clock, Duration.ofMillis(10), Duration.ofMillis(20));
        var waiter = new Thread(() -> {
            try {
                queue.awaitBatch(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        queue.close();
        waiter.join(Duration.ofSeconds(30).toMillis());
        assertThat(waiter.isAlive()).isFalse();
    }

    @Test
    void triggersAfterABatchStartANewOne() throws InterruptedException {
        var queue = new TriggerQueue(clock, Duration.ofMillis(20), Duration.ofMillis(100));
        queue.offer(new Trigger(Trigger.Source.HTTP, Instant.now(), "a"));
        assertThat(queue.awaitBatch(Duration.ofSeconds(30)).triggers()).isEqualTo(1);
        queue.offer(new Trigger(Trigger.Source.RESYNC, Instant.now(), "b"));
        var second = queue.awaitBatch(Duration.ofSeconds(30));
        assertThat(second.triggers()).isEqualTo(1);
        assertThat(second.sources()).containsExactly(Trigger.Source.RESYNC);
    }
}
