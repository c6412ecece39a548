package io.skaler.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A label whose values come from the cluster (partition, NodeSet, GRES names, Slurm reasons), kept bounded: values
 * are cleaned to a safe alphabet and, once {@code maxValues} distinct values were seen, any new one becomes
 * {@value #OVERFLOW}. Object names are bounded by the policy anyway; the cap protects against what is not
 * (a Slurm reason text, a GRES typo), so one odd input can never grow the series count without limit.
 */
final class BoundedLabel {
    static final String OVERFLOW = "other";
    static final String EMPTY = "none";
    private static final int MAX_LENGTH = 253; // a Kubernetes object name may be this long

    private final String name;
    private final int maxValues;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    BoundedLabel(String name, int maxValues) {
        this.name = name;
        this.maxValues = maxValues;
    }

    String name() {
        return name;
    }

    /** The label value to use for {@code raw}: cleaned, and {@value #OVERFLOW} when the cap is reached. */
    String value(String raw) {
        String clean = clean(raw);
        if (seen.contains(clean)) {
            return clean;
        }
        synchronized (seen) {
            if (seen.size() >= maxValues) {
                return OVERFLOW;
            }
            seen.add(clean);
            return clean;
        }
    }

    static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            return EMPTY;
        }
        var out = new StringBuilder(Math.min(raw.length(), MAX_LENGTH));
        for (int i = 0; i < raw.length() && out.length() < MAX_LENGTH; i++) {
            char c = raw.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '/';
            out.append(safe ? c : '_');
        }
        return out.toString();
    }
}
