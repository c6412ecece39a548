package io.skaler.api.check;

import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.policy.NodePoolBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code spec.replicas} on a NodePool (static capacity) only acts when Karpenter runs with the {@code StaticCapacity}
 * feature gate (off by default; the gate from v1.7, the field from v1.8). Whether the gate is on is not visible in
 * the objects, so a pool with replicas, or bound in {@code static} mode, is a warning to verify.
 */
public final class StaticCapacityCheck implements Check {
    static final String NAME = "static-capacity";
    private static final String FIX = "run Karpenter >= 1.8 with the StaticCapacity feature gate on (--feature-gates"
            + " or FEATURE_GATES, StaticCapacity=true; karpenter pkg/operator/options/options.go), or use nodePool.mode:"
            + " limits";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        Set<String> staticInPolicy = in.policy().stream().flatMap(p -> p.partitions().stream())
                .flatMap(p -> p.nodeSets().stream()).filter(n -> n.nodePool().mode() == NodePoolBinding.Mode.STATIC)
                .map(n -> n.nodePool().name()).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<CheckResult> out = new ArrayList<>();
        for (KubeObject pool : in.ofKind("NodePool")) {
            boolean replicas = pool.body().at("/spec").has("replicas");
            if (replicas || staticInPolicy.remove(pool.name())) {
                out.add(CheckResult.warn(NAME, "NodePool " + pool.name() + (replicas ? " sets spec.replicas" : " is"
                        + " bound in static mode") + ": only acts with Karpenter's StaticCapacity feature gate", FIX));
            }
        }
        staticInPolicy.forEach(p -> out.add(CheckResult.warn(NAME, "NodePool " + p + " is bound in static mode: only"
                + " acts with Karpenter's StaticCapacity feature gate", FIX)));
        if (out.isEmpty()) {
            out.add(CheckResult.pass(NAME, "no NodePool uses static capacity"));
        }
        return out;
    }
}
