package io.skaler.planner;

import java.util.Arrays;
import java.util.List;

/**
 * First-fit of one job class, with its count, onto {@link Bins} and new nodes of the shape; callers feed classes
 * largest first (first-fit-decreasing). Arithmetic throughout, never a loop per job. A job of {@code n} nodes is
 * {@code n} parts that must land on distinct nodes; if no node takes more than J parts and there are J * n parts,
 * filling nodes one after another and dealing part i to job i mod J gives every job distinct nodes. So J jobs fit
 * when {@code sum(nodes * min(fit, J)) + newNodes * min(fitNew, J) >= J * n}: the most jobs that fit within the
 * allowance of new nodes is found by binary search (the left side is concave in J), and the new nodes it takes by
 * division (cluster-autoscaler's fast path, generalised to multi-node jobs and to mixing free room with new nodes).
 */
final class ClassPacker {
    private ClassPacker() {
    }

    /**
     * @param placedOnHeld jobs placed (mostly) on registered or in-flight nodes, or on nodes opened for earlier classes
     * @param placedOnNew  jobs placed (partly) on nodes opened for this class
     * @param newNodes     nodes opened for this class
     * @param unplaced     jobs left over because {@code allowance} ran out
     */
    record Placement(long placedOnHeld, long placedOnNew, long newNodes, long unplaced) {
    }

    /** Places {@code jobs} jobs of {@code request}, opening at most {@code allowance} new nodes of {@code capacity}. */
    static Placement place(Bins bins, NodeRequest request, long jobs, long allowance, long[] capacity) {
        if (request.hasTail()) {
            // full nodes first, then each placed job's last, smaller node (never beside its own full part)
            Placement head = place(bins, new NodeRequest(request.nodes() - 1, request.perNode(), false), jobs,
                    allowance, capacity);
            long headed = jobs - head.unplaced();
            Placement tail = place(bins, new NodeRequest(1, request.tail(), false), headed,
                    allowance - head.newNodes(), capacity);
            long placed = headed - tail.unplaced();
            long onNew = Math.min(placed, Math.max(head.placedOnNew(), tail.placedOnNew()));
            return new Placement(placed - onNew, onNew, head.newNodes() + tail.newNodes(), jobs - placed);
        }
        int n = request.nodes();
        long perNew = fit(capacity, request, true);
        long newRoom = perNew == 0 ? 0 : Math.min(allowance, jobs * n); // never more new nodes than parts
        long[] heldFit = fits(bins.held, request, jobs);
        long[] freshFit = fits(bins.fresh, request, jobs);
        long placed;
        if (n == 1) {
            long open = slots(bins.held, heldFit, jobs) + slots(bins.fresh, freshFit, jobs);
            placed = Math.min(jobs, open + (newRoom == 0 ? 0 : Math.min(jobs, newRoom * perNew)));
        } else {
            long lo = 0;
            long hi = jobs;
            while (lo < hi) {
                long mid = lo + (hi - lo + 1) / 2;
                long room = slots(bins.held, heldFit, mid) + slots(bins.fresh, freshFit, mid)
                        + newRoom * Math.min(perNew, mid);
                if (room >= mid * n) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            placed = lo;
        }
        long parts = placed * n;
        long open = placed == 0 ? 0 : slots(bins.held, heldFit, placed) + slots(bins.fresh, freshFit, placed);
        long onOpen = Math.min(open, parts);
        long left = consume(bins.held, heldFit, request, placed, onOpen);
        consume(bins.fresh, freshFit, request, placed, left);
        long newParts = parts - onOpen;
        long nodes = 0;
        long onNew = 0;
        if (newParts > 0) {
            // fill each new node as first-fit would fill an idle one (so the plan packs the same once they exist)
            long per = Math.min(perNew, placed);
            nodes = NodeRequest.ceil(newParts, per);
            bins.addFresh(remaining(capacity, request, per), (int) (newParts / per));
            bins.addFresh(remaining(capacity, request, newParts % per), newParts % per == 0 ? 0 : 1);
            onNew = Math.min(placed, NodeRequest.ceil(newParts, n));
        }
        return new Placement(placed - onNew, onNew, nodes, jobs - placed);
    }

    /** Nodes that hold {@code jobs} identical jobs of {@code n} nodes each, {@code perNode} parts to a node. */
    static long nodesFor(long jobs, int n, long perNode) {
        return jobs <= 0 ? 0 : Math.max(n, NodeRequest.ceil(jobs * n, perNode));
    }

    private static long[] fits(List<Bins.Group> groups, NodeRequest request, long cap) {
        long[] f = new long[groups.size()];
        for (int i = 0; i < f.length; i++) {
            Bins.Group g = groups.get(i);
            f[i] = g.open() ? Math.min(cap, fit(g.free, request, g.pristine)) : 0;
        }
        return f;
    }

    /** Parts of a job the groups hold when no node takes more than {@code perJobCap} (one part per job per node). */
    private static long slots(List<Bins.Group> groups, long[] fit, long perJobCap) {
        long total = 0;
        for (int i = 0; i < fit.length; i++) {
            if (fit[i] > 0) {
                total += groups.get(i).count * Math.min(fit[i], perJobCap);
            }
        }
        return total;
    }

    /** Takes {@code parts} parts from the groups in order, at most {@code perJobCap} a node; returns what is left. */
    private static long consume(List<Bins.Group> groups, long[] fit, NodeRequest request, long perJobCap,
                                long parts) {
        int shift = 0; // groups split off before the group of original index k
        for (int k = 0; k < fit.length && parts > 0; k++) {
            if (fit[k] <= 0) {
                continue;
            }
            int i = k + shift;
            int nodes = groups.get(i).count;
            long take = Math.min(fit[k], perJobCap);
            long full = Math.min(nodes, parts / take);
            if (full > 0) {
                int inserted = use(groups, i, (int) full, take, request);
                shift += inserted;
                i += inserted;
                parts -= full * take;
            }
            if (full < nodes && parts > 0) { // parts < take now: one more node takes the rest
                shift += use(groups, i, 1, parts, request);
                parts = 0;
            }
        }
        return parts;
    }

    /**
     * Puts {@code parts} parts on {@code nodes} nodes of the group at {@code i}; returns 1 when the used nodes were
     * split off into a new group inserted before it (the caller's index then moves by one).
     */
    private static int use(List<Bins.Group> groups, int i, int nodes, long parts, NodeRequest request) {
        Bins.Group g = groups.get(i);
        Bins.Group used = nodes == g.count ? g : g.split(nodes);
        if (request.wholeNode()) {
            Arrays.fill(used.free, 0);
        } else {
            for (int d = 0; d < used.free.length; d++) {
                used.free[d] -= parts * request.perNode()[d];
            }
        }
        used.pristine = false;
        used.touched = true;
        if (used != g) {
            groups.add(i, used);
            return 1;
        }
        return 0;
    }

    /** How many parts of {@code request} one node with {@code free} resources takes. */
    static long fit(long[] free, NodeRequest request, boolean pristine) {
        long[] r = request.perNode();
        for (int d = 0; d < r.length; d++) {
            if (r[d] > free[d]) {
                return 0;
            }
        }
        if (request.wholeNode()) {
            return pristine ? 1 : 0;
        }
        long f = Long.MAX_VALUE;
        for (int d = 0; d < r.length; d++) {
            if (r[d] > 0) {
                f = Math.min(f, free[d] / r[d]);
            }
        }
        return f;
    }

    private static long[] remaining(long[] capacity, NodeRequest request, long parts) {
        long[] free = capacity.clone();
        if (request.wholeNode()) {
            Arrays.fill(free, 0);
            return free;
        }
        for (int d = 0; d < free.length; d++) {
            free[d] -= parts * request.perNode()[d];
        }
        return free;
    }
}
