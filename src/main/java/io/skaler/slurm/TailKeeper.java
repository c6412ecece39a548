package io.skaler.slurm;

import java.io.IOException;
import java.io.InputStream;

/** Passes a stream through and keeps its last bytes, where a jobs answer puts {@code last_update}. */
final class TailKeeper extends ObservingStream {

    private final byte[] ring;
    private long total;

    TailKeeper(InputStream in, int keep) {
        super(in);
        this.ring = new byte[keep];
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            ring[(int) (total++ % ring.length)] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int k = 0; k < n; k++) {
            ring[(int) (total++ % ring.length)] = buf[off + k];
        }
        return n;
    }

    /** Reads what the reader left unread, so the tail is the end of the answer. */
    void drain() throws IOException {
        byte[] scratch = new byte[8192];
        while (read(scratch, 0, scratch.length) >= 0) {
            // keep reading: only the ring's content matters
        }
    }

    /** The kept tail in order; its length is at most the ring size. */
    byte[] tail() {
        int len = (int) Math.min(total, ring.length);
        byte[] out = new byte[len];
        long start = total - len;
        for (int k = 0; k < len; k++) {
            out[k] = ring[(int) ((start + k) % ring.length)];
        }
        return out;
    }
}
