package io.skaler.sandbox;

import java.util.BitSet;

/**
 * The task ids a simulated array's pending record still holds, as a bit set; immutable (each change returns a copy).
 * Not {@link io.skaler.slurm.ArrayTasks}, which is what skaler reads of an array from slurmrestd.
 */
public final class PendingTaskIds {
    public static final PendingTaskIds NONE = new PendingTaskIds(new BitSet());

    private final BitSet ids;

    private PendingTaskIds(BitSet ids) {
        this.ids = ids;
    }

    public static PendingTaskIds range(int count) {
        var b = new BitSet(count);
        b.set(0, count);
        return new PendingTaskIds(b);
    }

    public int count() {
        return ids.cardinality();
    }

    public boolean isEmpty() {
        return ids.isEmpty();
    }

    public int first() {
        return ids.nextSetBit(0);
    }

    /** The next task id after {@code id}, or -1. */
    public int next(int id) {
        return ids.nextSetBit(id + 1);
    }

    public PendingTaskIds without(int id) {
        var b = (BitSet) ids.clone();
        b.clear(id);
        return new PendingTaskIds(b);
    }

    /**
     * Slurm's {@code array_task_string}: ranges joined by commas ({@code "3-99"}, {@code "1,5,7-9"}), with
     * {@code "%N"} appended when the array is throttled.
     */
    public String format(int throttle) {
        var sb = new StringBuilder();
        int start = ids.nextSetBit(0);
        while (start >= 0) {
            int end = ids.nextClearBit(start) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = ids.nextSetBit(end + 1);
        }
        if (throttle > 0) {
            sb.append('%').append(throttle);
        }
        return sb.toString();
    }
}
