package io.skaler.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Debounces a burst of triggers into one cycle (Karpenter's batcher): a batch closes when no trigger arrived for
 * {@code idle}, or when {@code max} has passed since its first trigger, whichever comes first. Pure: the caller
 * passes the time, so the rule is tested without sleeping.
 */
public final class BatchWindow {
    private final Duration idle;
    private final Duration max;
    private Instant first;
    private Instant last;
    private int count;

    public BatchWindow(Duration idle, Duration max) {
        if (idle.isNegative() || max.compareTo(idle) < 0) {
            throw new IllegalArgumentException("batching window needs 0 <= idle <= max, got idle " + idle + ", max " + max);
        }
        this.idle = idle;
        this.max = max;
    }

    /** Records a trigger; opens a batch when none is open. */
    public void add(Instant at) {
        if (first == null) {
            first = at;
        }
        last = at;
        count++;
    }

    public boolean open() {
        return first != null;
    }

    public int size() {
        return count;
    }

    /** When the open batch closes, if no further trigger comes; empty when no batch is open. */
    public Optional<Instant> closesAt() {
        if (first == null) {
            return Optional.empty();
        }
        Instant byIdle = last.plus(idle);
        Instant byMax = first.plus(max);
        return Optional.of(byIdle.isBefore(byMax) ? byIdle : byMax);
    }

    public boolean readyAt(Instant now) {
        return closesAt().map(t -> !now.isBefore(t)).orElse(false);
    }

    /** Closes the batch, returning how many triggers it held. */
    public int take() {
        int n = count;
        first = null;
        last = null;
        count = 0;
        return n;
    }
}
