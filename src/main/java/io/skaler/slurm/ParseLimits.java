package io.skaler.slurm;

/**
 * Bounds on what a parser accepts from slurmrestd, so that a runaway or hostile answer fails fast with a
 * {@link BadAnswerException} instead of exhausting the heap.
 *
 * @param maxBodyBytes    largest body accepted; 100k pending jobs take about 460 MB of compact JSON
 * @param maxStringLength longest string value that is read (values of ignored fields are skipped, never held)
 */
public record ParseLimits(long maxBodyBytes, int maxStringLength) {
    /** 1 GiB body (room for ~200k compact job records), 1 MiB strings (the longest real values are hostlists). */
    public static final ParseLimits DEFAULT = new ParseLimits(1L << 30, 1 << 20);

    public ParseLimits {
        if (maxBodyBytes < 2) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 2, got " + maxBodyBytes);
        }
        if (maxStringLength < 64) {
            throw new IllegalArgumentException("maxStringLength must be at least 64, got " + maxStringLength);
        }
    }
}
