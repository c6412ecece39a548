package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.model.Gres;
import java.util.Map;
import java.util.TreeMap;

/**
 * A record's {@code tres.requested}, {@code [{"type": "gres", "name": "gpu:h100", "count": 16}, ...]}, by
 * {@code type} or {@code type/name}: {@code cpu}, {@code mem} (MB), {@code node}, {@code gres/gpu},
 * {@code gres/gpu:h100}, {@code gres/neuron}. Counts are for the whole job.
 */
record AccountingTres(Map<String, Long> counts) {

    AccountingTres {
        counts = Map.copyOf(counts);
    }

    static AccountingTres of(JsonNode requested) {
        var out = new TreeMap<String, Long>();
        for (JsonNode t : requested) {
            String type = t.path("type").asText("");
            String name = t.path("name").asText("");
            long n = SlurmdbNumber.of(t.path("count"), "tres.requested[].count").orElse(0);
            out.put(name.isEmpty() ? type : type + "/" + name, n);
        }
        return new AccountingTres(out);
    }

    long get(String key, long fallback) {
        return counts.getOrDefault(key, fallback);
    }

    /**
     * The GRES of the job. Accounting counts a typed GPU twice, as {@code gres/gpu} and {@code gres/gpu:h100}, when
     * both are in AccountingStorageTRES; where a typed count exists the untyped total is left out.
     */
    Gres gres() {
        var out = new TreeMap<String, Long>();
        counts.forEach((k, v) -> {
            if (k.startsWith("gres/") && v > 0) {
                out.put(k.substring(5), v);
            }
        });
        out.keySet().removeIf(k -> k.indexOf(':') < 0 && out.keySet().stream().anyMatch(t -> t.startsWith(k + ":")));
        return new Gres(out);
    }
}
