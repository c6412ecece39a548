package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Gathers the components of het jobs while a history is read, to replay each het job as one: accounting keeps a
 * record per component ({@code het.job_id} the leader's id, {@code het.job_offset} 0, 1, ...; the same fields in
 * {@code sacct --json} and {@code /slurmdb/v0.0.40..45/jobs}), and Slurm starts the components together or not at
 * all. A het job with a component that cannot be replayed, or missing from the export, is left out whole: replaying
 * part of it would start what never ran alone.
 */
final class HetJobs {
    private final Map<Long, TreeMap<Integer, Optional<HistoryJob>>> byLeader = new HashMap<>();

    /** The het job {@code record} is a component of, or empty for a record that is not het. */
    static OptionalLong hetJobId(JsonNode record) {
        long id = record.path("het").path("job_id").asLong(0);
        return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
    }

    /** Keeps one component: {@code job} empty when its record could not be replayed (already counted as a problem). */
    void add(long hetJobId, JsonNode record, Optional<HistoryJob> job) {
        int offset = (int) SlurmdbNumber.lenient(record.path("het").path("job_offset")).orElse(0);
        byLeader.computeIfAbsent(hetJobId, k -> new TreeMap<>()).put(offset, job);
    }

    /** Each het job whose every component was read, as one job; the others counted in {@code problems}. */
    List<HistoryJob> whole(HistoryProblems problems) {
        List<HistoryJob> out = new ArrayList<>(byLeader.size());
        byLeader.forEach((leader, components) -> {
            String id = Long.toString(leader);
            if (components.values().stream().anyMatch(Optional::isEmpty)) {
                problems.skipped("het job with a component that cannot be replayed (its other components are "
                        + "left out with it)", id);
            } else if (components.firstKey() != 0 || components.lastKey() != components.size() - 1) {
                problems.skipped("het job with components missing from the export (het.job_offset "
                        + components.keySet() + ")", id);
            } else if (components.size() == 1) {
                out.add(components.get(0).get());
            } else {
                HistoryJob first = components.get(0).get();
                List<JobRequest> later = components.tailMap(1).values().stream()
                        .map(c -> c.get().request()).toList();
                out.add(new HistoryJob(id, first.submitted(), first.request(), first.cancelledWhilePendingAt(),
                        later));
            }
        });
        return out;
    }
}
