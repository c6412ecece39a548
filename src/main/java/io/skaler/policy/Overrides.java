package io.skaler.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The settings that can be given once under {@code defaults} and again on any NodeSet: each field given overrides the
 * layer below it, field by field (a NodeSet saying only {@code scaleDown: {idleFor: 30m}} keeps the default window).
 */
record Overrides(ScaleUp scaleUp, ScaleDown scaleDown, Duration provisioningTimeout) {
    static final Overrides BUILT_IN = new Overrides(
            PolicyDefaults.SCALE_UP, PolicyDefaults.SCALE_DOWN, PolicyDefaults.PROVISIONING_TIMEOUT);

    static final Set<String> SCALE_UP_KEYS = Set.of("maxNodesPerCycle", "bootTime", "lookAhead");
    static final Set<String> SCALE_DOWN_KEYS = Set.of("idleFor", "stabilizationWindow", "maxNodesPerCycle");

    /** Reads {@code scaleUp}, {@code scaleDown} and {@code provisioningTimeout} under {@code at} over this layer. */
    Overrides over(Field at) {
        ScaleUp up = scaleUp;
        Field upField = at.get("scaleUp");
        if (upField.mapping(SCALE_UP_KEYS)) {
            // 0 would silently switch scale-up off; maxReplicas or the paused annotation say that explicitly
            var max = upField.get("maxNodesPerCycle").integer(1, Integer.MAX_VALUE);
            // a zero boot time would make `auto` look-ahead silently off; `lookAhead: 0s` says that explicitly
            var boot = upField.get("bootTime").duration(Duration.ofSeconds(1));
            var lookAhead = readLookAhead(upField.get("lookAhead"));
            up = new ScaleUp(max.isPresent() ? (int) max.getAsLong() : up.maxNodesPerCycle(),
                    boot.orElse(up.bootTime()), lookAhead.orElse(up.lookAhead()));
        }
        ScaleDown down = scaleDown;
        Field downField = at.get("scaleDown");
        if (downField.mapping(SCALE_DOWN_KEYS)) {
            var idle = downField.get("idleFor").duration(Duration.ZERO);
            var window = downField.get("stabilizationWindow").duration(Duration.ZERO);
            // 0 is allowed here: it means "never scale in", a legitimate choice for a reserved pool
            var max = downField.get("maxNodesPerCycle").integer(0, Integer.MAX_VALUE);
            down = new ScaleDown(
                    idle.orElse(down.idleFor()),
                    window.orElse(down.stabilizationWindow()),
                    max.isPresent() ? (int) max.getAsLong() : down.maxNodesPerCycle());
        }
        var timeout = at.get("provisioningTimeout").duration(Duration.ofSeconds(1));
        return new Overrides(up, down, timeout.orElse(provisioningTimeout));
    }

    /** {@code auto}, or a duration of at least 0 ({@code 0s} turns anticipation off). */
    private static Optional<LookAhead> readLookAhead(Field f) {
        if (f.absent()) {
            return Optional.empty();
        }
        var text = f.text();
        if (text.isPresent() && text.get().equals("auto")) {
            return Optional.of(LookAhead.AUTO);
        }
        if (text.isPresent() && !parses(text.get())) {
            f.error("must be auto or a duration such as 10m, 90s or 0s (off), got " + f.describe());
            return Optional.empty();
        }
        return f.duration(Duration.ZERO).map(LookAhead::of);
    }

    private static boolean parses(String duration) {
        try {
            GoDuration.parse(duration);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
