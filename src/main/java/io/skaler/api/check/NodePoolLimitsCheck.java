package io.skaler.api.check;

import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.kube.Quantities;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.NodeSetPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * NodePool limits must admit at least one machine: Karpenter refuses a launch when the pool's resources plus the new
 * machine's capacity exceed any limit (karpenter {@code pkg/apis/v1/nodepool.go} {@code Limits.ExceededBy}). In
 * {@code limits} mode skaler writes the limits from the policy's node shape, so a shape below the machine (p5: 188 of
 * 192 vCPU) lets nothing launch; otherwise the pool's own {@code spec.limits} are judged.
 */
public final class NodePoolLimitsCheck implements Check {
    static final String NAME = "nodepool-limits";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.objects().isEmpty()) {
            return List.of(CheckResult.skip(NAME, "no Kubernetes objects given", "pass --kube FILE or run live"));
        }
        List<CheckResult> out = new ArrayList<>();
        Map<String, NodeSetPolicy> writtenBySkaler = new TreeMap<>();
        in.policy().ifPresent(p -> p.partitions().forEach(part -> part.nodeSets().forEach(ns -> {
            if (ns.nodePool().mode() == NodePoolBinding.Mode.LIMITS) {
                writtenBySkaler.putIfAbsent(ns.nodePool().name(), ns);
            }
        })));
        for (KubeObject pool : in.ofKind("NodePool")) {
            Optional<MachineCapacity> machine = MachineCapacity.fromNodeClaims(pool.name(), in);
            NodeSetPolicy ns = writtenBySkaler.get(pool.name());
            if (ns != null) {
                out.add(skalerLimits(pool.name(), ns, machine, in));
            } else {
                out.add(ownLimits(pool, machine, in));
            }
        }
        for (String missing : writtenBySkaler.keySet()) {
            if (in.ofKind("NodePool").stream().noneMatch(p -> p.name().equals(missing))) {
                out.add(CheckResult.fail(NAME, "NodePool " + missing + " (bound by the policy) not found",
                        "create it, fix nodePool.name in the policy, or add it to --kube"));
            }
        }
        return out.isEmpty() ? List.of(CheckResult.skip(NAME, "no NodePool in the input", "add NodePools to --kube"))
                : out;
    }

    private static CheckResult skalerLimits(String pool, NodeSetPolicy ns, Optional<MachineCapacity> machine,
            CheckInput in) {
        Map<String, BigDecimal> one = MachineCapacity.limitsForOneNode(ns, in.policy().get());
        if (machine.isEmpty()) {
            return CheckResult.warn(NAME, "NodePool " + pool + ": no NodeClaim yet to learn the machine's capacity;"
                    + " skaler writes " + describe(one) + " per node of NodeSet " + ns.ref(),
                    "make sure node.cpus, node.memoryMB and gres in the policy are at least one instance's capacity");
        }
        List<String> short_ = shortfalls(one, machine.get());
        if (short_.isEmpty()) {
            return CheckResult.pass(NAME, "NodePool " + pool + ": the limits skaler writes for one node of "
                    + ns.ref() + " admit one machine (" + machine.get().source() + ")");
        }
        return CheckResult.fail(NAME, "NodePool " + pool + ": skaler writes limits for one node of NodeSet "
                + ns.ref() + " below one machine (" + machine.get().source() + "): " + String.join(", ", short_)
                + "; Karpenter launches nothing",
                "the node shape must stay what slurmd registers (node-shape), so bind the pool with nodePool.mode:"
                        + " none and set spec.limits to whole machines by hand until skaler sizes limits by machine");
    }

    private static CheckResult ownLimits(KubeObject pool, Optional<MachineCapacity> machine, CheckInput in) {
        Map<String, BigDecimal> limits = new TreeMap<>();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = pool.body().at("/spec/limits")
                .fields(); it.hasNext();) {
            var e = it.next();
            limits.put(e.getKey(), Quantities.parse(pool.where() + ": spec.limits." + e.getKey(), e.getValue().asText()));
        }
        if (limits.isEmpty()) {
            return CheckResult.pass(NAME, "NodePool " + pool.name() + " has no limits");
        }
        if (machine.isEmpty()) {
            return CheckResult.skip(NAME, "NodePool " + pool.name() + ": no NodeClaim to learn the machine's capacity",
                    "add the pool's NodeClaims to --kube once one has launched");
        }
        List<String> below = new ArrayList<>();
        limits.forEach((r, limit) -> {
            BigDecimal cap = machine.get().resources().get(r);
            if (cap != null && limit.compareTo(cap) < 0) {
                below.add(r + " limit " + MachineCapacity.show(r, limit) + " < " + MachineCapacity.show(r, cap));
            }
        });
        if (below.isEmpty()) {
            return CheckResult.pass(NAME, "NodePool " + pool.name() + ": limits admit one machine ("
                    + machine.get().source() + ")");
        }
        return CheckResult.fail(NAME, "NodePool " + pool.name() + ": limits below one machine ("
                + machine.get().source() + "): " + String.join(", ", below), "raise spec.limits to at least one"
                + " machine's capacity");
    }

    private static List<String> shortfalls(Map<String, BigDecimal> one, MachineCapacity machine) {
        List<String> out = new ArrayList<>();
        one.forEach((r, v) -> {
            BigDecimal cap = machine.resources().get(r);
            if (cap != null && v.compareTo(cap) < 0) {
                out.add(r + " " + MachineCapacity.show(r, v) + " < " + MachineCapacity.show(r, cap));
            }
        });
        return out;
    }

    private static String describe(Map<String, BigDecimal> limits) {
        List<String> parts = new ArrayList<>();
        limits.forEach((r, v) -> parts.add(r + " " + MachineCapacity.show(r, v)));
        return String.join(", ", parts);
    }
}
