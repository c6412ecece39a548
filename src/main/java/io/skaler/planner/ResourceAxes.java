package io.skaler.planner;

import io.skaler.model.Gres;
import io.skaler.policy.NodeShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resource dimensions of one node shape as plain {@code long[]} vectors: {@code [cpus, memoryMB, gres...]}.
 * Packing compares vectors, never maps, which is what keeps 100k jobs in milliseconds.
 */
final class ResourceAxes {
    static final int CPU = 0;
    static final int MEMORY = 1;

    private final String[] gresNames;
    private final long[] capacity;

    ResourceAxes(NodeShape shape) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Long> e : shape.gres().amounts().entrySet()) {
            if (e.getValue() > 0) {
                names.add(e.getKey());
            }
        }
        gresNames = names.toArray(String[]::new);
        capacity = new long[2 + gresNames.length];
        capacity[CPU] = shape.cpus();
        capacity[MEMORY] = shape.memoryMB();
        for (int i = 0; i < gresNames.length; i++) {
            capacity[2 + i] = shape.gres().amounts().get(gresNames[i]);
        }
    }

    int size() {
        return capacity.length;
    }

    /** A copy: callers may change it. */
    long[] capacity() {
        return capacity.clone();
    }

    long capacity(int axis) {
        return capacity[axis];
    }

    String name(int axis) {
        return switch (axis) {
            case CPU -> "cpu";
            case MEMORY -> "memMB";
            default -> gresNames[axis - 2];
        };
    }

    /**
     * The axis a requested GRES name lands on, or -1 when this shape offers none of it. An untyped request
     * ({@code gpu}) takes the shape's first type of that kind ({@code gpu:h100}), as Slurm lets any type satisfy it.
     */
    int gresAxis(String requested) {
        for (int i = 0; i < gresNames.length; i++) {
            if (gresNames[i].equals(requested)) {
                return 2 + i;
            }
        }
        if (Gres.typeOf(requested).isEmpty()) {
            for (int i = 0; i < gresNames.length; i++) {
                if (Gres.kindOf(gresNames[i]).equals(requested)) {
                    return 2 + i;
                }
            }
        }
        return -1;
    }

    /** A Slurm node's resources (total or used) on these axes; GRES this shape does not know are ignored. */
    long[] vector(long cpus, long memoryMB, Gres gres) {
        long[] v = new long[capacity.length];
        v[CPU] = cpus;
        v[MEMORY] = memoryMB;
        for (Map.Entry<String, Long> e : gres.amounts().entrySet()) {
            int axis = gresAxis(e.getKey());
            if (axis >= 0) {
                v[axis] += e.getValue();
            }
        }
        return v;
    }

    String describe(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0 && i != CPU) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(name(i)).append('=').append(v[i]);
        }
        return sb.toString();
    }
}
