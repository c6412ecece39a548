package io.skaler.planner;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes demand can be packed onto, one NodeSet at a time, grouped: a group is {@code count} nodes with the same
 * free resources. Held groups (registered nodes with free room, nodes in flight) are always searched; fresh groups
 * are nodes this plan opens, of which only the newest {@link #FRESH_WINDOW} stay open, so a worst-case snapshot of
 * all-distinct jobs cannot turn first-fit into a quadratic scan.
 */
final class Bins {
    static final int FRESH_WINDOW = 1024;

    enum Kind { REGISTERED, IN_FLIGHT, NEW }

    /** {@code count} nodes with the same free resources. */
    static final class Group {
        final long[] free;
        int count;
        /** Nothing runs or is planned here: a whole-node job may take it. */
        boolean pristine;
        /** The plan put demand here (for scale-in: a node about to get work is not idle). */
        boolean touched;
        /** For registered idle nodes: the index of their idle pool; -1 otherwise. */
        final int idlePool;
        final Kind kind;

        Group(long[] free, int count, boolean pristine, int idlePool, Kind kind) {
            this.free = free;
            this.count = count;
            this.pristine = pristine;
            this.idlePool = idlePool;
            this.kind = kind;
        }

        /** Splits {@code n} nodes off into a new group (same free resources), leaving {@code count - n} here. */
        Group split(int n) {
            count -= n;
            Group g = new Group(free.clone(), n, pristine, idlePool, kind);
            g.touched = touched;
            return g;
        }

        boolean open() {
            return free[ResourceAxes.CPU] > 0 && count > 0;
        }
    }

    final List<Group> held = new ArrayList<>();
    final List<Group> fresh = new ArrayList<>();

    void addHeld(long[] free, int count, boolean pristine, int idlePool, Kind kind) {
        if (count > 0) {
            held.add(new Group(free, count, pristine, idlePool, kind));
        }
    }

    void addFresh(long[] free, int count) {
        if (count <= 0 || free[ResourceAxes.CPU] <= 0) {
            return;
        }
        fresh.add(new Group(free, count, false, -1, Kind.NEW));
        if (fresh.size() > FRESH_WINDOW) {
            fresh.removeIf(g -> !g.open()); // full nodes first; only then close the oldest open ones
            if (fresh.size() > FRESH_WINDOW) {
                fresh.subList(0, FRESH_WINDOW / 4).clear();
            }
        }
    }

    /** A deep copy of {@code groups} (packing changes groups in place). */
    static List<Group> copy(List<Group> groups) {
        List<Group> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            Group c = new Group(g.free.clone(), g.count, g.pristine, g.idlePool, g.kind);
            c.touched = g.touched;
            out.add(c);
        }
        return out;
    }

    /** Nodes of {@code kind} that received demand from this plan. */
    int touched(Kind kind) {
        int n = 0;
        for (Group g : held) {
            if (g.kind == kind && g.touched) {
                n += g.count;
            }
        }
        return n;
    }

    /** Nodes of {@code kind} still entirely free after packing. */
    int pristine(Kind kind) {
        int n = 0;
        for (Group g : held) {
            if (g.kind == kind && g.pristine) {
                n += g.count;
            }
        }
        return n;
    }

    /** Registered idle nodes of pool {@code pool} that no demand was packed onto. */
    int untouchedIdle(int pool) {
        int n = 0;
        for (Group g : held) {
            if (g.idlePool == pool && !g.touched) {
                n += g.count;
            }
        }
        return n;
    }
}
