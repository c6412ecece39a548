package io.skaler.sandbox;

import java.util.Comparator;

/** A pending record's place in slurmctld's queue: priority high first, then submit time, then id. */
record PendingKey(long priority, long submitTime, long jobId) implements Comparable<PendingKey> {
    static final Comparator<PendingKey> ORDER = Comparator.comparingLong((PendingKey k) -> -k.priority)
            .thenComparingLong(PendingKey::submitTime).thenComparingLong(PendingKey::jobId);

    static PendingKey of(SimJob j) {
        return new PendingKey(j.request().priority(), j.submitTime(), j.jobId());
    }

    @Override
    public int compareTo(PendingKey o) {
        return ORDER.compare(this, o);
    }
}
