package io.skaler.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one queue every trigger feeds. {@link #awaitBatch} blocks the loop thread until the batching window closes,
 * and hands back which sources asked, so a burst of 10,000 submissions makes one decision.
 */
public final class TriggerQueue {
    private final Clock clock;
    private final BatchWindow window;
    private final List<Trigger> pending = new ArrayList<>();
    private final Set<Trigger.Source> sources = EnumSet.noneOf(Trigger.Source.class);
    private boolean closed;

    public TriggerQueue(Clock clock, Duration idle, Duration max) {
        this.clock = clock;
        this.window = new BatchWindow(idle, max);
    }

    public synchronized void offer(Trigger trigger) {
        if (closed) {
            return;
        }
        window.add(clock.instant());
        sources.add(trigger.source());
        if (pending.size() < 64) {
            pending.add(trigger); // a sample for the log; the count is in the window
        }
        notifyAll();
    }

    /** Stops the queue: a waiting {@link #awaitBatch} returns an empty batch at once. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Waits until a batch closes or {@code timeout} passes. An empty batch means nothing asked (or the queue closed).
     */
    public synchronized Batch awaitBatch(Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (!closed) {
            Instant now = clock.instant();
            if (window.readyAt(now)) {
                return drain();
            }
            Instant wakeAt = window.closesAt().filter(t -> t.isBefore(deadline)).orElse(deadline);
            long waitMs = Duration.between(now, wakeAt).toMillis();
            if (!window.open() && !now.isBefore(deadline)) {
                return Batch.EMPTY;
            }
            if (waitMs > 0) {
                wait(waitMs);
            } else if (!window.open()) {
                return Batch.EMPTY;
            }
        }
        return Batch.EMPTY;
    }

    private Batch drain() {
        int count = window.take();
        var batch = new Batch(count, sources, pending);
        pending.clear();
        sources.clear();
        return batch;
    }

    /** What one closed window held. */
    public record Batch(int triggers, Set<Trigger.Source> sources, List<Trigger> sample) {
        static final Batch EMPTY = new Batch(0, Set.of(), List.of());

        public Batch {
            sources = sources.isEmpty() ? Set.of() : EnumSet.copyOf(sources);
            sample = List.copyOf(sample);
        }

        public boolean isEmpty() {
            return triggers == 0;
        }
    }
}
