package io.skaler.planner;

import io.skaler.model.Gres;
import io.skaler.model.PartitionDemand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-partition summary of a plan: what is pending there and how many nodes it takes before limits. The totals
 * are tallied class by class as {@link PartitionChoice} assigns them (work the time budget watches), so summing up
 * after packing, when a partial plan must return at once, is a loop over partitions, not over classes.
 */
final class PartitionDemands {
    private PartitionDemands() {
    }

    /** What the classes assigned to one partition ask for in total. */
    static final class Tally {
        long jobs;
        long gpus;
        long cpus;
        final Map<String, Long> gres = new TreeMap<>();

        void add(JobClass cls) {
            long n = cls.jobs();
            JobClass.Key key = cls.key();
            jobs += n;
            gpus += key.gres("gpu") * n;
            cpus += key.cpus() * n;
            add(key.gresPerNode(), (long) key.minNodes() * n);
            add(key.gresPerJob(), n);
            add(key.gresPerTask(), (long) key.tasks() * n);
            add(key.gresPerSocket(), (long) key.minNodes() * n);
        }

        private void add(Gres g, long times) {
            if (g.amounts().isEmpty()) {
                return;
            }
            for (Map.Entry<String, Long> e : g.amounts().entrySet()) {
                gres.merge(Gres.kindOf(e.getKey()), e.getValue() * times, Long::sum);
            }
        }
    }

    /** @param partial the budget ran out: jobs left unpacked are not sized (that is work the budget forbids) */
    static List<PartitionDemand> of(Map<String, NodeSetWork[]> works, PartitionChoice choice, boolean partial) {
        List<PartitionDemand> out = new ArrayList<>();
        for (Map.Entry<String, NodeSetWork[]> e : works.entrySet()) {
            Tally t = choice.tally(e.getKey());
            long nodes = 0;
            if (!partial) {
                for (PartitionChoice.Assigned a : choice.byPartition.get(e.getKey())) {
                    if (a.remaining > 0) {
                        nodes += overflowNodes(a, e.getValue());
                    }
                }
            }
            for (NodeSetWork w : e.getValue()) {
                nodes += w.bins.touched(Bins.Kind.REGISTERED) + w.bins.touched(Bins.Kind.IN_FLIGHT) + w.newNodes;
            }
            out.add(new PartitionDemand(e.getKey(), (int) Math.min(Integer.MAX_VALUE, t.jobs), t.gpus,
                    t.gres, t.cpus, (int) Math.min(Integer.MAX_VALUE, nodes),
                    (int) Math.min(Integer.MAX_VALUE, choice.unplaceable.getOrDefault(e.getKey(), 0L))));
        }
        return out;
    }

    /** Nodes of the first NodeSet that fits, for jobs no NodeSet had room for (limits left them out). */
    private static long overflowNodes(PartitionChoice.Assigned a, NodeSetWork[] nodeSets) {
        for (int i = 0; i < a.fits.length; i++) {
            if (a.fits[i] instanceof ShapeFit.Fits f) {
                long perNode = ClassPacker.fit(nodeSets[i].axes.capacity(), f.request(), true);
                return ClassPacker.nodesFor(a.remaining, f.request().nodes(), perNode);
            }
        }
        return 0;
    }
}
