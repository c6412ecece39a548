package io.skaler.kube;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Client-side write rate limit: {@code burst} writes at once, then {@code perSecond} a second. A runaway plan (or a
 * bug upstream) cannot hammer the API server. Time comes from {@code nanoTime} so tests drive it.
 */
public final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit: writesPerSecond must be > 0 and burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one token, waiting for it when the bucket is empty. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            long waitNanos = (long) Math.ceil((1 - tokens) / perSecond * 1e9);
            sleeper.sleep(Duration.ofNanos(waitNanos));
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
    }
}
