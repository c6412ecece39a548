package io.skaler.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Generic resources as Slurm names them: {@code "gpu"} (any type) or {@code "gpu:h100"} (typed), mapped to a count.
 * The same record carries a job's request (per node, per job, per task, per socket) and a node's configured or used GRES.
 */
public record Gres(Map<String, Long> amounts) {
    public static final Gres NONE = new Gres(Map.of());

    public Gres {
        amounts = Map.copyOf(new TreeMap<>(amounts));
        for (var e : amounts.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("negative GRES count for " + e.getKey() + ": " + e.getValue());
            }
        }
    }

    public static Gres of(String name, long count) {
        return new Gres(Map.of(name, count));
    }

    public boolean isEmpty() {
        return amounts.values().stream().allMatch(v -> v == 0);
    }

    /** Total of one GRES kind over all its types: {@code total("gpu")} adds {@code gpu} and every {@code gpu:<type>}. */
    public long total(String kind) {
        long sum = 0;
        for (var e : amounts.entrySet()) {
            if (kindOf(e.getKey()).equals(kind)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** {@code "gpu:h100"} -> {@code "gpu"}; {@code "gpu"} -> {@code "gpu"}. */
    public static String kindOf(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** {@code "gpu:h100"} -> {@code "h100"}; an untyped name gives {@code ""}. */
    public static String typeOf(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? "" : name.substring(colon + 1);
    }

    public Gres times(long factor) {
        var out = new TreeMap<String, Long>();
        amounts.forEach((k, v) -> out.put(k, Math.multiplyExact(v, factor)));
        return new Gres(out);
    }

    public Gres plus(Gres other) {
        var out = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> out.merge(k, v, Math::addExact));
        return new Gres(out);
    }
}
