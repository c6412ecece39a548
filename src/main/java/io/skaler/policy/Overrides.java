package io.skaler.policy;

import java.time.Duration;
import java.util.Set;

/**
 * The settings that can be given once under {@code defaults} and again on any NodeSet: each field given overrides the
 * layer below it, field by field (a NodeSet saying only {@code scaleDown: {idleFor: 30m}} keeps the default window).
 */
record Overrides(ScaleUp scaleUp, ScaleDown scaleDown, Duration provisioningTimeout) {
    static final Overrides BUILT_IN = new Overrides(
            PolicyDefaults.SCALE_UP, PolicyDefaults.SCALE_DOWN, PolicyDefaults.PROVISIONING_TIMEOUT);

    static final Set<String> SCALE_UP_KEYS = Set.of("maxNodesPerCycle");
    static final Set<String> SCALE_DOWN_KEYS = Set.of("idleFor", "stabilizationWindow", "maxNodesPerCycle");

    /** Reads {@code scaleUp}, {@code scaleDown} and {@code provisioningTimeout} under {@code at} over this layer. */
    Overrides over(Field at) {
        ScaleUp up = scaleUp;
        Field upField = at.get("scaleUp");
        if (upField.mapping(SCALE_UP_KEYS)) {
            // 0 would silently switch scale-up off; maxReplicas or the paused annotation say that explicitly
            var max = upField.get("maxNodesPerCycle").integer(1, Integer.MAX_VALUE);
            up = new ScaleUp(max.isPresent() ? (int) max.getAsLong() : up.maxNodesPerCycle());
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
}
