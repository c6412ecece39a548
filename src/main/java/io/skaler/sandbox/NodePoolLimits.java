package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** NodePool {@code spec.limits}: parsing Kubernetes quantities and checking whether one more node stays within them. */
final class NodePoolLimits {
    private NodePoolLimits() {
    }

    /** {@code {"nvidia.com/gpu": "16", "memory": "1000Gi", "nodes": 4}} in canonical units (cores, bytes, counts). */
    static Map<String, BigDecimal> parse(String pool, Map<?, ?> raw) {
        var out = new LinkedHashMap<String, BigDecimal>();
        raw.forEach((k, v) -> {
            try {
                out.put(k.toString(), Quantity.getAmountInBytes(new Quantity(v.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("nodePool " + pool + ": spec.limits." + k + " is not a quantity: " + v,
                        e);
            }
        });
        return out;
    }

    /** Whether {@code nodes} machines of {@code capacity} stay within every limit ({@code nodes} counts machines). */
    static boolean allows(Map<String, BigDecimal> limits, Map<String, BigDecimal> capacity, int nodes) {
        for (var e : limits.entrySet()) {
            BigDecimal used = e.getKey().equals("nodes") ? BigDecimal.valueOf(nodes)
                    : capacity.getOrDefault(e.getKey(), BigDecimal.ZERO).multiply(BigDecimal.valueOf(nodes));
            if (used.compareTo(e.getValue()) > 0) {
                return false;
            }
        }
        return true;
    }
}
