package io.skaler.policy;

import java.time.Duration;

/**
 * How far ahead of {@code now} a pending job that is not yet eligible still counts as demand ({@code scaleUp.lookAhead}).
 * {@code auto} follows the NodeSet's boot time (learned, else {@code scaleUp.bootTime}), so nodes are asked for just
 * early enough to be Ready when the job may start; {@code 0s} turns anticipation off.
 *
 * @param auto  {@code true} for {@code auto}; {@code fixed} is then unused
 * @param fixed the look-ahead when not {@code auto}, at least zero
 */
public record LookAhead(boolean auto, Duration fixed) {
    public static final LookAhead AUTO = new LookAhead(true, Duration.ZERO);
    public static final LookAhead OFF = new LookAhead(false, Duration.ZERO);

    public LookAhead {
        if (fixed.isNegative()) {
            throw new IllegalArgumentException("lookAhead must be at least 0s, got " + fixed);
        }
    }

    public static LookAhead of(Duration d) {
        return new LookAhead(false, d);
    }

    /** The look-ahead in force for a NodeSet whose boot time is {@code bootTime}. */
    public Duration resolve(Duration bootTime) {
        return auto ? bootTime : fixed;
    }

    @Override
    public String toString() {
        return auto ? "auto" : GoDuration.format(fixed);
    }
}
