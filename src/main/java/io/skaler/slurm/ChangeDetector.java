package io.skaler.slurm;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Reads the job list only when Slurm says it changed. Each read is one {@code GET jobs?update_time=T} with T the
 * {@code last_update} of the previous answer: slurmctld answers an empty list with "No job changes since update_time"
 * when nothing changed (a few hundred bytes) and the full list otherwise (all-or-nothing, never a delta). The start of
 * the answer is looked at first and the stream rewound, so the caller's reader sees a changed list exactly once and a
 * changed-to-empty list is not mistaken for "unchanged". A full read without {@code update_time} is forced every
 * {@code fullReadInterval}, so a wrong time zone for the v0.0.40/41 time string cannot hide changes for long.
 * slurmctld compares whole seconds ({@code (update_time - 1) >= last change}), so a change in the same second as the
 * previous answer makes the next answer a full list: it errs towards reading, never towards missing a change.
 */
public final class ChangeDetector<T> {

    /** The job list as last read, whether this call read it anew, and slurmctld's {@code last_update}. */
    public record JobsRead<T>(T jobs, boolean changed, OptionalLong lastUpdate) { }

    static final int HEAD_LIMIT = 256 * 1024;
    static final int TAIL_BYTES = 64 * 1024;

    private record Body<T>(boolean unchanged, T value, OptionalLong lastUpdate) { }

    private final SlurmClient client;
    private final Duration fullReadInterval;
    private final Clock clock;
    private OptionalLong lastUpdate = OptionalLong.empty();
    private T last;
    private Instant lastFullRead = Instant.MIN;

    public ChangeDetector(SlurmClient client, Duration fullReadInterval, Clock clock) {
        this.client = client;
        this.fullReadInterval = fullReadInterval;
        this.clock = clock;
    }

    /** Reads with {@code reader} if the list changed (or a full read is due), else returns the list read before. */
    public JobsRead<T> read(BodyReader<T> reader) throws SlurmFailure {
        return read(reader, false);
    }

    /**
     * @param forceFull read the whole list without {@code update_time}, e.g. because what the reader derives from
     *                  the jobs depends on something else that changed (nodes, partitions)
     */
    public synchronized JobsRead<T> read(BodyReader<T> reader, boolean forceFull) throws SlurmFailure {
        Instant now = clock.instant();
        boolean fullDue = forceFull || last == null || lastUpdate.isEmpty()
                || !now.isBefore(lastFullRead.plus(fullReadInterval));
        Body<T> body;
        if (fullDue) {
            body = client.jobs(in -> readChanged(in, reader, OptionalLong.empty()));
        } else {
            long since = lastUpdate.getAsLong();
            body = client.jobsChangedSince(since, in -> readIfChanged(in, reader, since));
        }
        if (body.unchanged()) {
            body.lastUpdate().ifPresent(lu -> lastUpdate = OptionalLong.of(Math.max(lu, lastUpdate.orElse(0))));
            return new JobsRead<>(last, false, lastUpdate);
        }
        last = body.value();
        lastUpdate = body.lastUpdate();
        if (fullDue) {
            lastFullRead = now;
        }
        return new JobsRead<>(last, true, lastUpdate);
    }

    /** The {@code last_update} to send next; empty before the first read or when the last answer had none. */
    public synchronized OptionalLong lastUpdate() {
        return lastUpdate;
    }

    /** Forget everything: the next read is a full one. */
    public synchronized void reset() {
        last = null;
        lastUpdate = OptionalLong.empty();
        lastFullRead = Instant.MIN;
    }

    private Body<T> readIfChanged(InputStream in, BodyReader<T> reader, long since) throws Exception {
        BufferedInputStream buffered = new BufferedInputStream(in, 8192);
        buffered.mark(HEAD_LIMIT);
        JobsHead head;
        try {
            head = JobsHead.probe(new HeadWindow(buffered, HEAD_LIMIT - 1));
        } catch (IOException unreadableHead) {
            // the head did not fit the window or is malformed: let the real reader see it (and report it)
            head = new JobsHead(JobsHead.Jobs.NOT_SEEN, OptionalLong.empty(), false);
        }
        boolean unchanged = head.jobs() == JobsHead.Jobs.EMPTY
                && (head.noChangeWarning() || head.lastUpdate().orElse(Long.MAX_VALUE) <= since);
        if (unchanged) {
            return new Body<>(true, null, head.lastUpdate());
        }
        buffered.reset();
        return readChanged(buffered, reader, head.lastUpdate());
    }

    private Body<T> readChanged(InputStream in, BodyReader<T> reader, OptionalLong seenInHead) throws Exception {
        TailKeeper tail = new TailKeeper(in, TAIL_BYTES);
        T value = reader.read(new FilterInputStream(tail) {
            @Override
            public void close() {
                // parsers close what they read; the rest of the answer must stay readable for its tail
            }
        });
        tail.drain();
        OptionalLong lu = seenInHead;
        if (lu.isEmpty()) {
            byte[] t = tail.tail();
            lu = LastUpdate.fromTail(t, t.length);
        }
        return new Body<>(false, value, lu);
    }

    /** Ends the stream after {@code limit} bytes, so probing never reads past what the mark can rewind. */
    private static final class HeadWindow extends FilterInputStream {
        private long left;

        HeadWindow(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the probe's parser closes its input; the stream underneath must stay open for the reader
        }
    }
}
