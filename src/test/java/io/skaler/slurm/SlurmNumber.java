package io.skaler.slurm;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a fixture writes Slurm integers: the default wrapper, or the bare form of slurmrestd's "complex" mode. */
public enum SlurmNumber {
    WRAPPED,
    BARE;

    public Object of(long n) {
        if (this == BARE) {
            return n;
        }
        return wrapper(true, false, n);
    }

    public Object unset() {
        return this == BARE ? null : wrapper(false, false, 0);
    }

    public Object infinite() {
        return this == BARE ? "Infinity" : wrapper(false, true, 0);
    }

    static Map<String, Object> wrapper(boolean set, boolean infinite, long number) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", set);
        m.put("infinite", infinite);
        m.put("number", number);
        return m;
    }

    /** Like {@code Map.of} but keeps insertion order and allows the {@code null} of an unset bare number. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
