package io.skaler.sandbox;

import io.skaler.model.Gres;
import java.util.Map;
import java.util.TreeMap;

/** GRES arithmetic the simulated scheduler needs and the shared {@link Gres} record does not offer. */
final class GresMath {
    private GresMath() {
    }

    /**
     * The request in the node's own names: an untyped {@code gpu} becomes the node's {@code gpu:<type>} (a node has
     * one type per kind in the sandbox); a typed request stays as asked, so it fits only a node of that type.
     */
    static Gres concrete(Gres configured, Gres request) {
        var out = new TreeMap<String, Long>();
        request.amounts().forEach((name, count) -> {
            if (count == 0) {
                return;
            }
            String target = name;
            if (Gres.typeOf(name).isEmpty()) {
                for (String c : configured.amounts().keySet()) {
                    if (Gres.kindOf(c).equals(name)) {
                        target = c;
                        break;
                    }
                }
            }
            out.merge(target, count, Long::sum);
        });
        return new Gres(out);
    }

    static boolean fits(Gres configured, Gres used, Gres request) {
        for (var e : concrete(configured, request).amounts().entrySet()) {
            long total = configured.amounts().getOrDefault(e.getKey(), 0L);
            long busy = used.amounts().getOrDefault(e.getKey(), 0L);
            if (total - busy < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static Gres minus(Gres a, Gres b) {
        var out = new TreeMap<>(a.amounts());
        b.amounts().forEach((k, v) -> out.merge(k, -v, Long::sum));
        out.values().removeIf(v -> v <= 0);
        return new Gres(out);
    }

    /** Configured GRES as a node shows it: {@code gpu:h100:8,neuron:16}; {@code ""} for none. */
    static String nodeString(Gres configured) {
        var sb = new StringBuilder();
        for (var e : configured.amounts().entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(e.getKey()).append(':').append(e.getValue());
        }
        return sb.toString();
    }

    /** GRES in use as a node shows it: {@code gpu:h100:2(IDX:0-1)}, or {@code gpu:h100:0(IDX:N/A)} when idle. */
    static String usedString(Gres configured, Gres used) {
        var sb = new StringBuilder();
        for (String name : configured.amounts().keySet()) {
            long n = used.amounts().getOrDefault(name, 0L);
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(name).append(':').append(n).append("(IDX:").append(n == 0 ? "N/A" : n == 1 ? "0" : "0-" + (n - 1))
                    .append(')');
        }
        return sb.toString();
    }

    /** {@code gres/gpu:h100:8} ({@code tres_per_node}, {@code tres_per_job}). */
    static String tresColon(Gres g) {
        return join(g.amounts(), ':');
    }

    /** {@code gres/gpu=1} ({@code tres_per_task} uses {@code =}). */
    static String tresEquals(Gres g) {
        return join(g.amounts(), '=');
    }

    private static String join(Map<String, Long> amounts, char sep) {
        var sb = new StringBuilder();
        for (var e : amounts.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append("gres/").append(e.getKey()).append(sep).append(e.getValue());
        }
        return sb.toString();
    }
}
