package io.skaler.planner;

import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import java.util.Map;

/**
 * What one job of a class needs of each of its nodes on one node shape, and how many nodes at once.
 * Derived per shape because the node count can depend on it: {@code --gpus=16} on 8-GPU nodes is 2 nodes of 8,
 * 64 tasks of 4 CPUs on 96-CPU nodes are 3 nodes.
 *
 * @param nodes     distinct nodes one job needs at the same time
 * @param perNode   request per node on the shape's {@link ResourceAxes} (what the job itself needs, even when whole)
 * @param wholeNode {@code --exclusive} or {@code --mem=0}: the job takes each of its nodes entirely
 * @param tail      for a task count that alone decides the node count: Slurm fills nodes in turn (block
 *                  distribution), so {@code nodes - 1} nodes take {@code perNode} and the last one takes this
 *                  (it never fits beside its own job's full part); null when every node takes {@code perNode}
 */
record NodeRequest(int nodes, long[] perNode, boolean wholeNode, long[] tail) {

    NodeRequest(int nodes, long[] perNode, boolean wholeNode) {
        this(nodes, perNode, wholeNode, null);
    }

    /** True when the last node takes fewer tasks than the others ({@link #tail} holds its request). */
    boolean hasTail() {
        return tail != null;
    }

    /**
     * The request of {@code key} on {@code axes}, or why it cannot run there. Where Slurm does not schedule memory
     * ({@code SelectTypeParameters=CR_Core} and kin), a node must still have the memory one node of the job asks for,
     * but requests do not add up and a job without {@code --mem} does not take the whole node.
     */
    static ShapeFit derive(JobClass.Key key, ResourceAxes axes, boolean memoryConsumable) {
        if (memoryConsumable) {
            return deriveScheduled(key, axes);
        }
        MemoryRequest mem = key.memory();
        long least = switch (mem.kind()) {
            case PER_NODE -> mem.megabytes();
            case PER_CPU -> Math.multiplyExact(mem.megabytes(), Math.max(1, key.cpusPerTask()));
            default -> 0;
        };
        long has = axes.capacity(ResourceAxes.MEMORY);
        if (least > has) {
            return new ShapeFit.NoFit("needs " + least + " MB of memory on a node; a node has " + has + " MB");
        }
        return deriveScheduled(key.withMemory(MemoryRequest.UNSPECIFIED), axes);
    }

    private static ShapeFit deriveScheduled(JobClass.Key key, ResourceAxes axes) {
        int dims = axes.size();
        long[] cap = axes.capacity();
        long[] perTask = new long[dims];
        long[] fixed = new long[dims];
        long[] perJob = new long[dims];
        perTask[ResourceAxes.CPU] = key.cpusPerTask();
        MemoryRequest mem = key.memory();
        if (mem.kind() == MemoryRequest.Kind.PER_CPU) {
            perTask[ResourceAxes.MEMORY] = Math.multiplyExact(mem.megabytes(), key.cpusPerTask());
        } else if (mem.kind() == MemoryRequest.Kind.PER_NODE) {
            fixed[ResourceAxes.MEMORY] = mem.megabytes();
        }
        String missing = addGres(key.gresPerTask(), axes, perTask);
        if (missing == null) {
            missing = addGres(key.gresPerNode(), axes, fixed);
        }
        if (missing == null) {
            // --gpus-per-socket: the job record carries no socket count, so one socket's worth is the per-node floor
            missing = addGres(key.gresPerSocket(), axes, fixed);
        }
        if (missing == null) {
            missing = addGres(key.gresPerJob(), axes, perJob);
        }
        if (missing != null) {
            return new ShapeFit.NoFit("needs " + missing + ", which the node shape does not offer");
        }

        long nodes = key.minNodes();
        // --gpus per job: spread over the fewest nodes that can hold it
        for (int d = 2; d < dims; d++) {
            if (perJob[d] > 0) {
                long room = cap[d] - fixed[d];
                if (room <= 0) {
                    return new ShapeFit.NoFit("needs " + perJob[d] + " " + axes.name(d) + " per job; a node has "
                            + cap[d] + " with " + fixed[d] + " already asked per node");
                }
                nodes = Math.max(nodes, ceil(perJob[d], room));
            }
        }
        // tasks: as many per node as the shape holds, so a task-only request finds its node count
        long tasksPerNode = Long.MAX_VALUE;
        for (int d = 0; d < dims; d++) {
            if (perTask[d] > 0) {
                long room = cap[d] - (d == ResourceAxes.CPU ? 0 : fixed[d]);
                tasksPerNode = Math.min(tasksPerNode, Math.max(0, room) / perTask[d]);
            }
        }
        if (tasksPerNode == 0) {
            return new ShapeFit.NoFit("one task needs " + axes.describe(perTask) + "; a node has "
                    + axes.describe(cap));
        }
        nodes = Math.max(nodes, ceil(key.tasks(), tasksPerNode));
        nodes = Math.max(nodes, ceil(key.minCpus(), cap[ResourceAxes.CPU]));
        if (key.maxNodes() != 0 && nodes > key.maxNodes()) {
            return new ShapeFit.NoFit("needs " + nodes + " nodes of this shape but allows at most " + key.maxNodes());
        }
        if (nodes > Integer.MAX_VALUE) {
            return new ShapeFit.NoFit("needs " + nodes + " nodes");
        }

        int n = (int) nodes;
        long tasksHere = ceil(key.tasks(), n);
        long[] perNode = new long[dims];
        for (int d = 0; d < dims; d++) {
            perNode[d] = fixed[d] + perTask[d] * tasksHere + ceil(perJob[d], n);
        }
        long cpus = Math.max(perNode[ResourceAxes.CPU], Math.max(key.minCpusPerNode(), ceil(key.minCpus(), n)));
        if (mem.kind() == MemoryRequest.Kind.PER_CPU) {
            perNode[ResourceAxes.MEMORY] = Math.multiplyExact(mem.megabytes(), cpus);
        }
        perNode[ResourceAxes.CPU] = cpus;
        for (int d = 0; d < dims; d++) {
            if (perNode[d] > cap[d]) {
                return new ShapeFit.NoFit("needs " + axes.describe(perNode) + " per node on " + n
                        + " node(s); a node has " + axes.describe(cap));
            }
        }
        boolean whole = key.exclusive() || mem.kind() == MemoryRequest.Kind.WHOLE_NODE;
        boolean byTasks = n > key.minNodes() && n == ceil(key.tasks(), tasksPerNode) && perJob[ResourceAxes.CPU] == 0
                && key.gresPerJob().isEmpty() && key.minCpusPerNode() == 0
                && key.minCpus() <= (long) key.tasks() * key.cpusPerTask();
        long lastTasks = key.tasks() - (n - 1) * tasksPerNode;
        if (!whole && byTasks && lastTasks > 0 && lastTasks < tasksPerNode) {
            return new ShapeFit.Fits(new NodeRequest(n, tasksOf(fixed, perTask, tasksPerNode),
                    false, tasksOf(fixed, perTask, lastTasks)));
        }
        return new ShapeFit.Fits(new NodeRequest(n, perNode, whole));
    }

    private static long[] tasksOf(long[] fixed, long[] perTask, long tasks) {
        long[] v = new long[fixed.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = fixed[d] + perTask[d] * tasks;
        }
        return v;
    }

    /** Adds {@code gres} onto its axes; returns the first name the shape lacks, or null when all land. */
    private static String addGres(Gres gres, ResourceAxes axes, long[] into) {
        for (Map.Entry<String, Long> e : gres.amounts().entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            int axis = axes.gresAxis(e.getKey());
            if (axis < 0) {
                return e.getKey();
            }
            into[axis] += e.getValue();
        }
        return null;
    }

    static long ceil(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    /** How much of a node this request takes, 0..1 (its largest share of any axis): the FFD sort key. */
    double size(ResourceAxes axes) {
        if (wholeNode) {
            return 1.0;
        }
        double max = 0;
        for (int d = 0; d < perNode.length; d++) {
            if (axes.capacity(d) > 0) {
                max = Math.max(max, (double) perNode[d] / axes.capacity(d));
            }
        }
        return max;
    }
}
