package io.skaler.planner;

import io.skaler.model.Gres;
import io.skaler.model.PartitionDemand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The per-partition summary of a plan: what is pending there and how many nodes it takes before limits. */
final class PartitionDemands {
    private PartitionDemands() {
    }

    /** @param partial the budget ran out: jobs left unpacked are not sized (that is work the budget forbids) */
    static List<PartitionDemand> of(Map<String, NodeSetWork[]> works, PartitionChoice choice, boolean partial) {
        List<PartitionDemand> out = new ArrayList<>();
        for (Map.Entry<String, NodeSetWork[]> e : works.entrySet()) {
            List<PartitionChoice.Assigned> assigned = choice.byPartition.get(e.getKey());
            long jobs = 0;
            long gpus = 0;
            long cpus = 0;
            long overflow = 0;
            Map<String, Long> gres = new TreeMap<>();
            for (PartitionChoice.Assigned a : assigned) {
                long n = a.cls.jobs();
                JobClass.Key key = a.cls.key();
                jobs += n;
                gpus += key.gres("gpu") * n;
                cpus += key.cpus() * n;
                add(gres, key.gresPerNode(), (long) key.minNodes() * n);
                add(gres, key.gresPerJob(), n);
                add(gres, key.gresPerTask(), (long) key.tasks() * n);
                add(gres, key.gresPerSocket(), (long) key.minNodes() * n);
                if (a.remaining > 0 && !partial) {
                    overflow += overflowNodes(a, e.getValue());
                }
            }
            long nodes = overflow;
            for (NodeSetWork w : e.getValue()) {
                nodes += w.bins.touched(Bins.Kind.REGISTERED) + w.bins.touched(Bins.Kind.IN_FLIGHT) + w.newNodes;
            }
            out.add(new PartitionDemand(e.getKey(), (int) Math.min(Integer.MAX_VALUE, jobs), gpus, gres, cpus,
                    (int) Math.min(Integer.MAX_VALUE, nodes),
                    (int) Math.min(Integer.MAX_VALUE, choice.unplaceable.getOrDefault(e.getKey(), 0L))));
        }
        return out;
    }

    private static void add(Map<String, Long> into, Gres gres, long times) {
        for (Map.Entry<String, Long> g : gres.amounts().entrySet()) {
            into.merge(Gres.kindOf(g.getKey()), g.getValue() * times, Long::sum);
        }
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
