package io.skaler.slurm;

import io.skaler.model.Eligibility;
import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Shares the values that repeat across thousands of records of one answer (partition lists, reasons, features, GRES
 * requests, memory requests, eligibilities), so 100k pending jobs retain one copy of each instead of 100k. It also
 * parses each distinct TRES string once. One pool per parse: it dies with the parse, nothing leaks across reads.
 */
final class RecordPool {
    private final Map<String, String> strings = new HashMap<>();
    private final Map<String, List<String>> csvLists = new HashMap<>();
    private final Map<String, Gres> jobGres = new HashMap<>();
    private final Map<String, Gres> nodeGres = new HashMap<>();
    private final Map<MemoryRequest, MemoryRequest> memory = new HashMap<>();
    private final Map<Eligibility, Eligibility> eligibilities = new HashMap<>();

    String string(String s) {
        if (s.isEmpty()) {
            return "";
        }
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    /** {@code "gpu-h100,gpu-a100"} as an immutable list, one instance per distinct text. */
    List<String> csv(String csv) {
        List<String> known = csvLists.get(csv);
        if (known != null) {
            return known;
        }
        List<String> list = List.copyOf(SlurmJsonReader.splitCsv(csv).stream().map(this::string).toList());
        csvLists.put(csv, list);
        return list;
    }

    /** A list already read: shared when an equal one was seen before. */
    List<String> list(List<String> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        return csv(String.join(",", items));
    }

    Gres jobGres(String spec) {
        return cached(jobGres, spec, TresSpec::jobGres);
    }

    Gres nodeGres(String spec) {
        return cached(nodeGres, spec, TresSpec::nodeGres);
    }

    MemoryRequest memory(MemoryRequest m) {
        MemoryRequest known = memory.putIfAbsent(m, m);
        return known == null ? m : known;
    }

    Eligibility eligibility(Eligibility e) {
        Eligibility known = eligibilities.putIfAbsent(e, e);
        return known == null ? e : known;
    }

    private static Gres cached(Map<String, Gres> cache, String spec, Function<String, Gres> parse) {
        if (spec.isEmpty()) {
            return Gres.NONE;
        }
        Gres known = cache.get(spec);
        if (known == null) {
            known = parse.apply(spec);
            cache.put(spec, known);
        }
        return known;
    }
}
