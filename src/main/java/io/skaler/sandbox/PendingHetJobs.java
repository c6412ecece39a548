package io.skaler.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The het jobs still pending, by their leader's id. Slurm starts a het job's components together or not at all, so a
 * pass asks for all of them at once; components have ids leader, leader+1, ... in offset order.
 */
final class PendingHetJobs {
    private final Map<Long, Integer> componentCount = new HashMap<>();

    void add(long leader, int components) {
        componentCount.put(leader, components);
    }

    /** Started or cancelled: no longer pending. */
    void remove(long leader) {
        componentCount.remove(leader);
    }

    /** The components of het job {@code leader} still pending, in offset order. */
    List<SimJob> components(long leader, LongFunction<SimJob> jobs) {
        int count = componentCount.getOrDefault(leader, 0);
        List<SimJob> out = new ArrayList<>(count);
        for (long id = leader; id < leader + count; id++) {
            var c = jobs.apply(id);
            if (c != null && c.pending()) {
                out.add(c);
            }
        }
        return out;
    }
}
