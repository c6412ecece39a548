package io.skaler.slurm;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter stream whose subclass must see every byte that passes: {@code skip} goes through {@code read} (a plain
 * {@link FilterInputStream} would skip past the subclass), and mark/reset is off so no byte is seen twice.
 */
abstract class ObservingStream extends FilterInputStream {

    ObservingStream(InputStream in) {
        super(in);
    }

    @Override
    public final long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public final boolean markSupported() {
        return false;
    }
}
