package io.skaler.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One test time for the domain ({@link #clock()}: what skaler compares Slurm and Kubernetes timestamps with) and the
 * meter registry ({@link #meterClock()}: what gauges such as held-for are computed from), moved only by the test.
 */
final class TestTime {
    private final AtomicReference<Instant> now;

    TestTime(Instant start) {
        now = new AtomicReference<>(start);
    }

    Instant now() {
        return now.get();
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    io.micrometer.core.instrument.Clock meterClock() {
        return new io.micrometer.core.instrument.Clock() {
            @Override
            public long wallTime() {
                return now.get().toEpochMilli();
            }

            @Override
            public long monotonicTime() {
                Instant t = now.get();
                return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
            }
        };
    }
}
