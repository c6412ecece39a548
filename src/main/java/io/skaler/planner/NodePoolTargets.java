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
import java.util.TreeMap;

/**
 * What the Karpenter NodePools behind the NodeSets must allow. {@code limits}: {@code spec.limits} sized to the
 * desired nodes of every NodeSet bound to the pool (cpu in cores, memory in bytes, each GRES kind under its
 * Kubernetes resource name from {@code policy.gresResources}); {@code static}: {@code spec.replicas} = those nodes.
 * Pools that are paused or absent get no target, only a warning.
 */
final class NodePoolTargets {
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    private NodePoolTargets() {
    }

    static List<NodePoolTarget> of(List<NodeSetWork> works, List<NodeSetTarget> targets, Policy policy,
                                   Map<String, NodePoolState> pools, List<String> warnings) {
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
            for (int i : e.getValue()) {
                NodeSetPolicy p = works.get(i).policy;
                int desired = targets.get(i).desired();
                nodes += desired;
                reasons.add(desired + " node(s) of NodeSet " + p.ref() + " (cpu " + p.node().cpus() + ", memory "
                        + p.node().memoryMB() + " MiB" + gresLabel(p.node().gres()) + " each)");
                add(limits, "cpu", BigDecimal.valueOf((long) p.node().cpus() * desired));
                add(limits, "memory", BigDecimal.valueOf(p.node().memoryMB()).multiply(MIB)
                        .multiply(BigDecimal.valueOf(desired)));
                for (Map.Entry<String, Long> g : p.node().gres().amounts().entrySet()) {
                    String resource = policy.gresResources().get(Gres.kindOf(g.getKey()));
                    if (resource == null) {
                        reasons.add("GRES " + g.getKey() + " has no Kubernetes resource in gresResources: not limited");
                        continue;
                    }
                    add(limits, resource, BigDecimal.valueOf(g.getValue() * desired));
                }
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

    private static String gresLabel(Gres gres) {
        StringBuilder sb = new StringBuilder();
        gres.amounts().forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v));
        return sb.toString();
    }
}
