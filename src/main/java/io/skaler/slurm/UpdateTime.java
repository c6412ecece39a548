package io.skaler.slurm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The {@code update_time} query value for {@code GET jobs}: epoch seconds for v0.0.42 and later; v0.0.40 and v0.0.41
 * reject numbers (HTTP 422) and take a Slurm time string, which slurmctld reads in its own time zone, with the colons
 * %-encoded (a bare {@code :} gives HTTP 400).
 */
public final class UpdateTime {

    private static final DateTimeFormatter SLURM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private UpdateTime() {
    }

    /** The encoded query value (ready to append after {@code update_time=}). */
    public static String queryValue(ApiVersion version, long epochSeconds, ZoneId slurmZone) {
        if (epochSeconds < 0) {
            throw new IllegalArgumentException("update_time must not be negative, got " + epochSeconds);
        }
        if (version.takesEpochUpdateTime()) {
            return Long.toString(epochSeconds);
        }
        String text = LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), slurmZone).format(SLURM_TIME);
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
