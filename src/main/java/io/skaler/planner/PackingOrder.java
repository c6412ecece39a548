package io.skaler.planner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which classes are packed onto one NodeSet (first-fit fills nodes in that order). Plain
 * first-fit-decreasing by size leaves GPU-heavy and CPU-heavy jobs on separate nodes: idle GPUs on one, idle CPUs on
 * the other. Every job asks for CPUs, only some for GRES, so jobs that need GRES are the constrained ones and jobs
 * that need only CPUs and memory can fill whatever is left. Phases, largest first within each:
 * <ol>
 *   <li>whole-node jobs (they take only untouched nodes, so they go before anything shares one);</li>
 *   <li>when GRES bind (the GRES jobs need more nodes than all jobs' CPUs or memory): wide jobs without GRES, whose
 *       part exceeds the room a node full of the leanest GRES jobs would leave. They can never sit beside full
 *       GPUs, so they open nodes first, and then every GRES job first fills the room beside them (fewest CPUs and
 *       least memory per GPU first, opening nothing), so those nodes' GPUs do not stay idle;</li>
 *   <li>jobs that ask for GRES;</li>
 *   <li>the other jobs without GRES: they backfill the CPUs and memory left beside the GPUs before new nodes open.</li>
 * </ol>
 * Everything here is class arithmetic (counts times requests), one pass over the classes and one sort.
 */
final class PackingOrder {
    static final int WHOLE = 0;
    static final int WIDE = 1;
    static final int GRES = 2;
    static final int BACKFILL = 3;

    /** A class to pack on one NodeSet, with its phase and size there. */
    record Item(PartitionChoice.Assigned assigned, NodeRequest request, int phase, double size, double total) {
        static final Comparator<Item> ORDER = Comparator.comparingInt(Item::phase)
                .thenComparing(Comparator.comparingDouble(Item::size).reversed())
                .thenComparing(Comparator.comparingDouble(Item::total).reversed())
                .thenComparing(Comparator.comparingInt((Item i) -> i.request.nodes()).reversed())
                .thenComparingInt(i -> i.assigned.cls.order());
    }

    /** One class to place, and whether it may open new nodes or only fill room already there. */
    record Step(Item item, boolean mayOpen) {
    }

    private PackingOrder() {
    }

    /** The classes still to place that fit NodeSet {@code nodeSet} of the partition, as packing steps. */
    static List<Step> of(List<PartitionChoice.Assigned> assigned, int nodeSet, ResourceAxes axes) {
        int dims = axes.size();
        List<PartitionChoice.Assigned> fitting = new ArrayList<>();
        List<NodeRequest> requests = new ArrayList<>();
        double[] use = new double[dims]; // nodes' worth asked on each axis by the jobs that share nodes
        double[][] leanest = new double[dims][2]; // per GRES axis: least CPU and memory asked per unit of it
        for (double[] l : leanest) {
            Arrays.fill(l, Double.MAX_VALUE);
        }
        for (PartitionChoice.Assigned a : assigned) {
            if (a.remaining <= 0 || a.withheld || !(a.fits[nodeSet] instanceof ShapeFit.Fits f)) {
                continue;
            }
            NodeRequest r = f.request();
            fitting.add(a);
            requests.add(r);
            if (r.wholeNode()) {
                continue;
            }
            long[] p = r.perNode();
            for (int d = 0; d < dims; d++) {
                use[d] += axes.capacity(d) > 0 ? a.remaining * partsTotal(r, d) / axes.capacity(d) : 0;
                if (d >= 2 && p[d] > 0) {
                    leanest[d][0] = Math.min(leanest[d][0], (double) p[ResourceAxes.CPU] / p[d]);
                    leanest[d][1] = Math.min(leanest[d][1], (double) p[ResourceAxes.MEMORY] / p[d]);
                }
            }
        }
        double gresNodes = 0;
        for (int d = 2; d < dims; d++) {
            gresNodes = Math.max(gresNodes, use[d]);
        }
        boolean gresBind = gresNodes > Math.max(use[ResourceAxes.CPU], use[ResourceAxes.MEMORY]);
        double[] room = {0, 0}; // the most CPU and memory a node whose GRES are full can still offer
        for (int g = 2; g < dims; g++) {
            for (int d = 0; d < 2; d++) {
                if (leanest[g][d] != Double.MAX_VALUE) {
                    room[d] = Math.max(room[d], axes.capacity(d) - leanest[g][d] * axes.capacity(g));
                }
            }
        }
        List<Item> items = new ArrayList<>(fitting.size());
        for (int k = 0; k < fitting.size(); k++) {
            NodeRequest r = requests.get(k);
            items.add(new Item(fitting.get(k), r, phase(r, gresBind, room), r.size(axes), total(r, axes)));
        }
        items.sort(Item.ORDER);
        return steps(items, axes);
    }

    private static int phase(NodeRequest r, boolean gresBind, double[] room) {
        if (r.wholeNode()) {
            return WHOLE;
        }
        for (int d = 2; d < r.perNode().length; d++) {
            if (r.perNode()[d] > 0) {
                return GRES;
            }
        }
        if (gresBind && (r.perNode()[ResourceAxes.CPU] > room[0] || r.perNode()[ResourceAxes.MEMORY] > room[1])) {
            return WIDE;
        }
        return BACKFILL;
    }

    /** The items as steps: after wide jobs, every GRES job first fills the room beside them, leanest first. */
    private static List<Step> steps(List<Item> items, ResourceAxes axes) {
        List<Step> steps = new ArrayList<>(items.size() + 16);
        List<Item> gres = new ArrayList<>();
        boolean wide = false;
        for (Item i : items) {
            wide |= i.phase == WIDE;
            if (i.phase == GRES) {
                gres.add(i);
            }
        }
        int k = 0;
        for (; k < items.size() && items.get(k).phase < GRES; k++) {
            steps.add(new Step(items.get(k), true));
        }
        if (wide) {
            gres.sort(Comparator.comparingDouble((Item i) -> leanness(i.request, axes)).thenComparing(Item.ORDER));
            for (Item i : gres) {
                steps.add(new Step(i, false));
            }
        }
        for (; k < items.size(); k++) {
            steps.add(new Step(items.get(k), true));
        }
        return steps;
    }

    /** What all {@code nodes} parts of one job ask on axis {@code d} (the last, smaller part for a task tail). */
    private static double partsTotal(NodeRequest r, int d) {
        return r.hasTail() ? (double) (r.nodes() - 1) * r.perNode()[d] + r.tail()[d]
                : (double) r.nodes() * r.perNode()[d];
    }

    /** CPUs and memory asked per GRES, as shares of the node: lower means more GPUs fit beside a CPU-heavy job. */
    private static double leanness(NodeRequest r, ResourceAxes axes) {
        double gres = 0;
        for (int g = 2; g < r.perNode().length; g++) {
            gres = Math.max(gres, (double) r.perNode()[g] / axes.capacity(g));
        }
        double other = 0;
        for (int d = 0; d < 2; d++) {
            other = axes.capacity(d) > 0 ? Math.max(other, (double) r.perNode()[d] / axes.capacity(d)) : other;
        }
        return other / gres;
    }

    /** The sum of the part's shares of every axis: the tie-break after the largest share (bigger overall first). */
    private static double total(NodeRequest r, ResourceAxes axes) {
        double sum = 0;
        for (int d = 0; d < r.perNode().length; d++) {
            sum += axes.capacity(d) > 0 ? (double) r.perNode()[d] / axes.capacity(d) : 0;
        }
        return sum;
    }
}
