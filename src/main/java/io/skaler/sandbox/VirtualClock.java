package io.skaler.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * The sandbox's simulated time: a discrete-event clock. Actions scheduled for a virtual instant run, in time order,
 * when {@link #advanceTo} passes that instant, with {@link #now()} set to the action's own time, so a job that ends
 * between two ticks ends at its exact time. Only the simulation thread advances the clock; any thread may read it or
 * schedule an action (HTTP handlers do).
 */
public final class VirtualClock {
    private record Timed(Instant at, long seq, Runnable action) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timed> queue = new PriorityQueue<>();
    private volatile Instant now;
    private long seq;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    public long epochSecond() {
        return now.getEpochSecond();
    }

    /** Runs {@code action} when the clock reaches {@code at} (at once on the next advance if {@code at} is past). */
    public synchronized void schedule(Instant at, Runnable action) {
        queue.add(new Timed(at.isBefore(now) ? now : at, seq++, action));
    }

    public void scheduleIn(Duration delay, Runnable action) {
        schedule(now.plus(delay), action);
    }

    /** Runs every action due by {@code target} in time order, then leaves the clock at {@code target}. */
    public void advanceTo(Instant target) {
        while (true) {
            Timed next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at.isAfter(target)) {
                    if (target.isAfter(now)) {
                        now = target;
                    }
                    return;
                }
                queue.poll();
                if (next.at.isAfter(now)) {
                    now = next.at;
                }
            }
            // outside the lock: actions schedule further actions
            next.action.run();
        }
    }

    public void advanceBy(Duration d) {
        advanceTo(now.plus(d));
    }

    /** A {@link java.time.Clock} that reads this virtual time, for code that must agree with the simulated timestamps. */
    public JavaClock asJavaClock() {
        return new JavaClock(this);
    }

    /** This virtual time as a {@link java.time.Clock}, with its timer: an action runs when virtual time gets there. */
    public static final class JavaClock extends java.time.Clock {
        private final VirtualClock clock;

        private JavaClock(VirtualClock clock) {
            this.clock = clock;
        }

        /** Runs {@code action} on the simulation thread when the virtual clock reaches {@code at}. */
        public void schedule(Instant at, Runnable action) {
            clock.schedule(at, action);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.now();
        }
    }

    /** The instant of the next pending action, or empty when nothing is scheduled. */
    public synchronized java.util.Optional<Instant> nextActionAt() {
        return queue.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(queue.peek().at);
    }
}
