package io.skaler.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A NodeSet's recent boot times in seconds (oldest first) and the latest ask time already counted, as kept on the
 * NodeSet in {@code skaler.io/boot-time-samples}: {@code "312,298,405@2026-12-06T20:00:00Z"}. Kept in the cluster, not
 * in memory, so a restarted or newly elected skaler continues from it.
 */
public record BootTimeSamples(List<Long> seconds, Instant through) {
    public static final BootTimeSamples NONE = new BootTimeSamples(List.of(), Instant.EPOCH);

    public BootTimeSamples {
        seconds = List.copyOf(seconds);
    }

    public String annotation() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < seconds.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(seconds.get(i));
        }
        return sb.append('@').append(through).toString();
    }

    /**
     * Reads the annotation; absent means none yet.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static BootTimeSamples parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        int at = text.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("boot-time samples \"" + text + "\": expected seconds,...@instant");
        }
        List<Long> out = new ArrayList<>();
        try {
            for (String s : text.substring(0, at).split(",")) {
                if (!s.isBlank()) {
                    long v = Long.parseLong(s.strip());
                    if (v < 0) {
                        throw new IllegalArgumentException("boot-time samples \"" + text + "\": negative " + v);
                    }
                    out.add(v);
                }
            }
            return new BootTimeSamples(out, Instant.parse(text.substring(at + 1).strip()));
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("boot-time samples \"" + text + "\": " + e.getMessage(), e);
        }
    }
}
