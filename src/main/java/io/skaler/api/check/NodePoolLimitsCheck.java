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

    /**
     * In {@code limits} mode skaler writes whole machines (NodePoolTargets): the machine its NodeClaims report, else
     * {@code nodePool.machine}, else, with a plan warning, Slurm's node shape, which is below one machine.
     */
    private static CheckResult skalerLimits(String pool, NodeSetPolicy ns, Optional<MachineCapacity> machine,
            CheckInput in) {
        if (machine.isPresent()) {
            return CheckResult.pass(NAME, "NodePool " + pool + ": skaler sizes the limits for NodeSet " + ns.ref()
                    + " in whole machines as the pool's NodeClaims report them (" + machine.get().source()
                    + "): they admit one machine per node, N machines for N nodes");
        }
        if (!ns.nodePool().machine().isEmpty()) {
            return CheckResult.pass(NAME, "NodePool " + pool + ": no NodeClaim yet; skaler sizes the limits for NodeSet "
                    + ns.ref() + " by nodePool.machine " + describe(ns.nodePool().machine()));
        }
        return CheckResult.warn(NAME, "NodePool " + pool + ": no NodeClaim yet and no nodePool.machine for NodeSet "
                + ns.ref() + ": until a machine launches, skaler's limits follow Slurm's node shape, which is below"
                + " one machine, so Karpenter refuses the last machine asked for",
                "set nodePool.machine to one instance's capacity (docs/policy.md), e.g. {cpu: 192, memory: 2Ti,"
                        + " nvidia.com/gpu: 8} for a p5.48xlarge");
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

    private static String describe(Map<String, BigDecimal> limits) {
        List<String> parts = new ArrayList<>();
        limits.forEach((r, v) -> parts.add(r + " " + MachineCapacity.show(r, v)));
        return String.join(", ", parts);
    }
}
