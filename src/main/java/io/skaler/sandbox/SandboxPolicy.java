package io.skaler.sandbox;

import java.time.Duration;

/**
 * The policy skaler runs with in the sandbox, written from the scenario's NodeSets: each NodeSet managed in its
 * partition, up to its NodePool's reach, with the NodePool's GPU/Neuron limits raised as needed; the node shape is the
 * machine's. Durations are in the
 * run's virtual time (the replay runs faster than real time), so scale-in is seen within the run.
 */
final class SandboxPolicy {
    private SandboxPolicy() {
    }

    static String yaml(Scenario scenario, Duration idleFor, Duration stabilization, Duration provisioningTimeout) {
        return yaml(scenario, idleFor, stabilization, provisioningTimeout, true);
    }

    /** @param anticipation false: {@code scaleUp.lookAhead: 0s}, so {@code --begin} jobs count only once eligible */
    static String yaml(Scenario scenario, Duration idleFor, Duration stabilization, Duration provisioningTimeout,
            boolean anticipation) {
        var sb = new StringBuilder();
        sb.append("apiVersion: skaler.io/v1alpha1\nkind: Policy\n");
        sb.append("defaults:\n");
        sb.append("  scaleDown: {idleFor: ").append(go(idleFor)).append(", stabilizationWindow: ")
                .append(go(stabilization)).append(", maxNodesPerCycle: 10}\n");
        sb.append("  scaleUp: {maxNodesPerCycle: 100").append(anticipation ? "" : ", lookAhead: 0s").append("}\n");
        sb.append("  provisioningTimeout: ").append(go(provisioningTimeout)).append('\n');
        sb.append("partitions:\n");
        scenario.nodeSets().stream().map(SandboxNodeSet::partition).distinct().forEach(partition -> {
            sb.append("  - name: ").append(partition).append("\n    nodeSets:\n");
            for (var ns : scenario.nodeSets()) {
                if (!ns.partition().equals(partition)) {
                    continue;
                }
                sb.append("      - name: ").append(ns.name()).append('\n');
                sb.append("        namespace: ").append(scenario.namespace()).append('\n');
                sb.append("        node: {cpus: ").append(ns.node().cpus()).append(", memoryMB: ")
                        .append(ns.node().memoryMB()).append(", gres: {");
                var gres = ns.node().gres().amounts().entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).toList();
                sb.append(String.join(", ", gres)).append("}");
                if (!ns.node().features().isEmpty()) {
                    sb.append(", features: [").append(String.join(", ", ns.node().features())).append(']');
                }
                sb.append("}\n");
                sb.append("        minReplicas: 0\n        maxReplicas: ").append(ns.maxNodes()).append('\n');
                sb.append("        nodePool: {name: ").append(ns.nodePool()).append(", mode: limits")
                        .append(machine(scenario, ns)).append("}\n");
            }
        });
        return sb.toString();
    }

    /**
     * The machine apart from Slurm's node (docs/policy.md, nodePool.machine): Karpenter compares the NodePool's limits
     * with the machines' capacity, and Slurm's RealMemory is below it (the OS and the kubelet keep some).
     */
    static String machine(Scenario scenario, SandboxNodeSet ns) {
        return scenario.nodePools().stream().filter(p -> p.name().equals(ns.nodePool())).findFirst()
                .map(p -> {
                    var parts = new java.util.ArrayList<String>();
                    p.capacity().forEach((k, v) -> parts.add("\"" + k + "\": " + (k.equals("memory")
                            ? "\"" + v.toBigInteger() + "\"" : v.toBigInteger().toString())));
                    java.util.Collections.sort(parts);
                    return ", machine: {" + String.join(", ", parts) + "}";
                }).orElse("");
    }

    private static String go(Duration d) {
        return d.toSeconds() + "s";
    }
}
