package io.skaler.slurm;

import java.io.IOException;
import java.io.InputStream;

/**
 * The response body as the readers see it: counts bytes and fails once more than the cap arrived, and fails once the
 * answer's deadline passed (a watchdog calls {@link #expire()}, which closes the network stream to unblock a read).
 * The flags let the client tell "too large" and "too slow" apart from a parser's own error, whatever the parser wraps
 * the IOException in.
 */
final class BoundedBody extends ObservingStream {

    /** Thrown by a read once the cap is passed. */
    static final class TooLarge extends IOException {
        TooLarge(long cap) {
            super("response larger than the cap of " + cap + " bytes (skaler.slurm.max-response-bytes)");
        }
    }

    private final long cap;
    private long count;
    private volatile boolean overCap;
    private volatile boolean expired;

    BoundedBody(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        checkExpired();
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        checkExpired();
        int n;
        try {
            n = super.read(buf, off, len);
        } catch (IOException e) {
            checkExpired();
            throw e;
        }
        if (n > 0) {
            add(n);
        }
        return n;
    }

    private void add(int n) throws TooLarge {
        count += n;
        if (count > cap) {
            overCap = true;
            throw new TooLarge(cap);
        }
    }

    private void checkExpired() throws IOException {
        if (expired) {
            throw new IOException("read timeout: the answer did not arrive in time");
        }
    }

    /** Called by the watchdog at the deadline. */
    void expire() {
        expired = true;
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is only to unblock a pending read; the flag is what counts
        }
    }

    long bytesRead() {
        return count;
    }

    boolean overCap() {
        return overCap;
    }

    boolean expired() {
        return expired;
    }

    long cap() {
        return cap;
    }
}
