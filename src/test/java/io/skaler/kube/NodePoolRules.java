package io.skaler.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NodePool CEL rules of Karpenter's CRD (pkg/apis/v1/nodepool.go, v1.8.0..v1.14.1), checked in Java: the fabric8
 * mock server stores CRDs but does not evaluate {@code x-kubernetes-validations}, so tests hold what skaler writes to
 * these rules here. Each rule is written out next to the CEL it stands for.
 */
final class NodePoolRules {
    private NodePoolRules() {
    }

    /** The messages of the rules {@code spec} breaks; {@code oldSpec} for the transition rule (null on create). */
    static List<String> violations(Map<?, ?> oldSpec, Map<?, ?> spec) {
        List<String> out = new ArrayList<>();
        boolean isStatic = spec.containsKey("replicas");
        // has(self.replicas) == has(oldSelf.replicas)
        if (oldSpec != null && isStatic != oldSpec.containsKey("replicas")) {
            out.add("Cannot transition NodePool between static (replicas set) and dynamic (replicas unset)"
                    + " provisioning modes");
        }
        // !has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size == 1 && 'nodes' in limits))
        if (isStatic && spec.get("limits") instanceof Map<?, ?> limits && !limits.isEmpty()
                && !(limits.size() == 1 && limits.containsKey("nodes"))) {
            out.add("only 'limits.nodes' is supported on static NodePools");
        }
        // !has(self.replicas) || !has(self.weight)
        if (isStatic && spec.containsKey("weight")) {
            out.add("'weight' is not supported on static NodePools");
        }
        // budgets: self.all(x, has(x.schedule) == has(x.duration))
        if (spec.get("disruption") instanceof Map<?, ?> d && d.get("budgets") instanceof List<?> budgets
                && budgets.stream().anyMatch(b -> b instanceof Map<?, ?> m
                        && m.containsKey("schedule") != m.containsKey("duration"))) {
            out.add("'schedule' must be set with 'duration'");
        }
        // replicas minimum 0; weight 1..100 (OpenAPI bounds, which the mock server does check; kept for completeness)
        if (spec.get("replicas") instanceof Number r && r.longValue() < 0) {
            out.add("replicas must be >= 0");
        }
        if (spec.get("weight") instanceof Number w && (w.longValue() < 1 || w.longValue() > 100)) {
            out.add("weight must be within 1..100");
        }
        return out;
    }
}
