package io.skaler.kube;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes quantities to canonical numbers and back: cpu in cores ({@code 500m} -> 0.5), memory in bytes
 * ({@code 1Gi} -> 1073741824), extended resources as counts. Canonical means trailing zeros stripped, so equal amounts
 * compare equal with {@code equals}.
 */
public final class Quantities {
    private Quantities() {
    }

    /** @throws IllegalArgumentException naming {@code field} when the text is not a quantity */
    public static BigDecimal parse(String field, Object raw) {
        String text = String.valueOf(raw).trim();
        try {
            return canonical(Quantity.getAmountInBytes(new Quantity(text)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": not a Kubernetes quantity: '" + text + "'", e);
        }
    }

    public static Map<String, BigDecimal> parseAll(String field, Object rawMap) {
        var out = new TreeMap<String, BigDecimal>();
        if (rawMap instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), parse(field + "." + k, v)));
        }
        return out;
    }

    public static BigDecimal canonical(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** The text written back into {@code spec.limits}: a plain decimal, which every quantity parser accepts. */
    public static String format(BigDecimal v) {
        return canonical(v).toPlainString();
    }
}
