package io.skaler.policy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads {@code nodePool.machine}: the capacity of one machine of the NodePool, as Karpenter counts it against
 * {@code spec.limits} ({@code cpu} whole cores, {@code memory} a quantity, any other key an extended resource count).
 */
final class MachineReader {
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private MachineReader() {
    }

    /** The machine (empty map when absent), or empty when it is wrong (each problem reported on its field). */
    static Optional<Map<String, BigDecimal>> read(Field at) {
        if (at.absent()) {
            return Optional.of(Map.of());
        }
        if (!at.isMapping()) { // reported there: must be a mapping
            return Optional.empty();
        }
        boolean ok = true;
        var out = new TreeMap<String, BigDecimal>();
        for (var e : at.entries().entrySet()) {
            Field f = e.getValue();
            if (e.getKey().equals("memory")) {
                var text = f.string();
                if (text.isEmpty()) {
                    ok = false;
                    continue;
                }
                try {
                    out.put("memory", MemorySize.toBytes(text.get()));
                } catch (IllegalArgumentException ex) {
                    f.error(ex.getMessage());
                    ok = false;
                }
            } else {
                var n = f.integer(e.getKey().equals("cpu") ? 1 : 0, Long.MAX_VALUE);
                if (n.isEmpty()) {
                    ok = false;
                } else {
                    out.put(e.getKey(), BigDecimal.valueOf(n.getAsLong()));
                }
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** The Slurm node runs on the machine: it cannot register more CPUs or memory than the machine has. */
    static void checkHoldsNode(Field at, Map<String, BigDecimal> machine, NodeShape node) {
        BigDecimal cpu = machine.get("cpu");
        if (cpu != null && cpu.compareTo(BigDecimal.valueOf(node.cpus())) < 0) {
            at.get("cpu").error("must be >= node.cpus (" + node.cpus() + "): the Slurm node runs on this machine");
        }
        BigDecimal memory = machine.get("memory");
        if (memory != null && memory.compareTo(BigDecimal.valueOf(node.memoryMB()).multiply(MIB)) < 0) {
            at.get("memory").error("must be >= the node's memory (" + node.memoryMB()
                    + " MiB): the Slurm node runs on this machine");
        }
    }
}
