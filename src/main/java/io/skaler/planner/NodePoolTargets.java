package io.skaler.planner;

import io.skaler.model.Gres;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodePoolTarget;
import io.skaler.model.NodeSetTarget;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.Policy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the Karpenter NodePools behind the NodeSets must allow. {@code limits}: {@code spec.limits} that admit exactly
 * the desired nodes of every NodeSet bound to the pool ({@link MachineLimits}), counted in machines, not in Slurm
 * nodes: the machine's capacity as the pool's launched NodeClaims report it, else {@code nodePool.machine}, else (with
 * a warning) the Slurm node shape; {@code static}: {@code spec.replicas} = those nodes.
 * Pools that are paused or absent get no target, only a warning.
 */
final class NodePoolTargets {
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private NodePoolTargets() {
    }

    static List<NodePoolTarget> of(List<NodeSetWork> works, List<NodeSetTarget> targets, Policy policy,
                                   Map<String, NodePoolState> pools, List<String> warnings) {
        return of(works, targets, policy, pools, Map.of(), warnings);
    }

    /** @param machines per pool, the capacity of one machine as its launched NodeClaims report it (may be absent) */
    static List<NodePoolTarget> of(List<NodeSetWork> works, List<NodeSetTarget> targets, Policy policy,
                                   Map<String, NodePoolState> pools, Map<String, Map<String, BigDecimal>> machines,
                                   List<String> warnings) {
        Map<String, List<Integer>> byPool = new TreeMap<>();
        for (int i = 0; i < works.size(); i++) {
            NodePoolBinding b = works.get(i).policy.nodePool();
            if (b.mode() != NodePoolBinding.Mode.NONE && !b.name().isEmpty()) {
                byPool.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(i);
            }
        }
        List<NodePoolTarget> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byPool.entrySet()) {
            String name = e.getKey();
            NodePoolState state = pools.get(name);
            if (state == null) {
                warnings.add("NodePool " + name + " not found in Kubernetes: no NodePool target");
                continue;
            }
            if (state.paused()) {
                warnings.add("NodePool " + name + " is paused (skaler.io/paused): no NodePool target");
                continue;
            }
            NodePoolBinding.Mode mode = works.get(e.getValue().get(0)).policy.nodePool().mode();
            long nodes = 0;
            Map<String, BigDecimal> limits = new TreeMap<>();
            List<String> reasons = new ArrayList<>();
            Map<String, BigDecimal> learned = machines.getOrDefault(name, Map.of());
            for (int i : e.getValue()) {
                NodeSetPolicy p = works.get(i).policy;
                int desired = targets.get(i).desired();
                nodes += desired;
                Map<String, BigDecimal> machine;
                String source;
                if (!learned.isEmpty()) {
                    machine = learned;
                    source = "machine from the pool's NodeClaims";
                } else if (!p.nodePool().machine().isEmpty()) {
                    machine = p.nodePool().machine();
                    source = "machine from nodePool.machine";
                } else {
                    machine = slurmNode(p, policy, reasons);
                    source = "machine unknown: Slurm's node shape";
                    if (mode == NodePoolBinding.Mode.LIMITS) {
                        warnings.add("NodePool " + name + ": the machine's capacity is unknown (no launched NodeClaim,"
                                + " no nodePool.machine for NodeSet " + p.ref() + "): limits follow Slurm's node shape,"
                                + " which is below the machine's, so Karpenter refuses the last machine; set"
                                + " nodePool.machine");
                    }
                }
                reasons.add(desired + " node(s) of NodeSet " + p.ref() + " (" + source + ": " + label(machine)
                        + " each)");
                Set<String> limited = slurmNode(p, policy, new ArrayList<>()).keySet();
                MachineLimits.limitsFor(desired, machine).forEach((r, v) -> {
                    if (limited.contains(r)) { // what skaler limits: cpu, memory, the node's GRES resources
                        add(limits, r, v);
                    }
                });
            }
            if (mode == NodePoolBinding.Mode.STATIC) {
                out.add(new NodePoolTarget(name, NodePoolTarget.Mode.STATIC, Map.of(), OptionalLong.of(nodes),
                        reasons));
            } else {
                out.add(new NodePoolTarget(name, NodePoolTarget.Mode.LIMITS, limits, OptionalLong.empty(), reasons));
            }
        }
        return out;
    }

    private static void add(Map<String, BigDecimal> limits, String resource, BigDecimal amount) {
        limits.merge(resource, amount, BigDecimal::add);
    }

    /** The Slurm node as resources (what skaler did before it knew machines): below the machine's capacity. */
    private static Map<String, BigDecimal> slurmNode(NodeSetPolicy p, Policy policy, List<String> reasons) {
        Map<String, BigDecimal> out = new TreeMap<>();
        out.put("cpu", BigDecimal.valueOf(p.node().cpus()));
        out.put("memory", BigDecimal.valueOf(p.node().memoryMB()).multiply(MIB));
        for (Map.Entry<String, Long> g : p.node().gres().amounts().entrySet()) {
            String resource = policy.gresResources().get(Gres.kindOf(g.getKey()));
            if (resource == null) {
                reasons.add("GRES " + g.getKey() + " has no Kubernetes resource in gresResources: not limited");
                continue;
            }
            out.merge(resource, BigDecimal.valueOf(g.getValue()), BigDecimal::add);
        }
        return out;
    }

    private static String label(Map<String, BigDecimal> machine) {
        StringBuilder sb = new StringBuilder();
        machine.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(v.stripTrailingZeros().toPlainString()));
        return sb.toString();
    }
}
