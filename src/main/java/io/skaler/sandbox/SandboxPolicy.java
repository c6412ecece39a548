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
        var sb = new StringBuilder();
        sb.append("apiVersion: skaler.io/v1alpha1\nkind: Policy\n");
        sb.append("defaults:\n");
        sb.append("  scaleDown: {idleFor: ").append(go(idleFor)).append(", stabilizationWindow: ")
                .append(go(stabilization)).append(", maxNodesPerCycle: 10}\n");
        sb.append("  scaleUp: {maxNodesPerCycle: 100}\n");
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
                        .append(machineMemoryMB(scenario, ns)).append(", gres: {");
                var gres = ns.node().gres().amounts().entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).toList();
                sb.append(String.join(", ", gres)).append("}");
                if (!ns.node().features().isEmpty()) {
                    sb.append(", features: [").append(String.join(", ", ns.node().features())).append(']');
                }
                sb.append("}\n");
                sb.append("        minReplicas: 0\n        maxReplicas: ").append(ns.maxNodes()).append('\n');
                sb.append("        nodePool: {name: ").append(ns.nodePool()).append(", mode: limits}\n");
            }
        });
        return sb.toString();
    }

    /**
     * The node shape describes the machine (docs/planner.md, Limits): Karpenter compares the NodePool's limits with
     * the machines' capacity, and Slurm's RealMemory is below it (the OS and the kubelet keep some). Sized from
     * RealMemory, the limits would let Karpenter launch fewer machines than the NodeSet asks for.
     */
    static long machineMemoryMB(Scenario scenario, SandboxNodeSet ns) {
        return scenario.nodePools().stream().filter(p -> p.name().equals(ns.nodePool())).findFirst()
                .map(p -> p.capacity().get("memory")).map(bytes -> bytes.longValue() / (1024L * 1024L))
                .filter(mb -> mb > 0).orElse(ns.node().memoryMB());
    }

    private static String go(Duration d) {
        return d.toSeconds() + "s";
    }
}
