package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.kube.KubeNames;
import io.skaler.kube.Quantities;
import io.skaler.model.Gres;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.Policy;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One machine of a NodePool, as Karpenter counts it against the pool's limits. */
record MachineCapacity(Map<String, BigDecimal> resources, String source) {
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    /**
     * The smallest machine the pool has launched, from its NodeClaims' {@code status.capacity} (the resource by
     * resource minimum: at least one machine must fit under the limits), if it has any.
     */
    static Optional<MachineCapacity> fromNodeClaims(String pool, CheckInput in) {
        Map<String, BigDecimal> min = new TreeMap<>();
        String first = null;
        for (KubeObject claim : in.ofKind("NodeClaim")) {
            if (!pool.equals(CheckInput.text(claim, "/metadata/labels/" + KubeNames.NODEPOOL_LABEL.replace("/", "~1")))) {
                continue;
            }
            JsonNode capacity = claim.body().at("/status/capacity");
            for (Iterator<Map.Entry<String, JsonNode>> it = capacity.fields(); it.hasNext();) {
                var e = it.next();
                BigDecimal v = Quantities.parse(claim.where() + ": status.capacity." + e.getKey(), e.getValue().asText());
                min.merge(e.getKey(), v, BigDecimal::min);
            }
            if (capacity.size() > 0 && first == null) {
                first = claim.name();
            }
        }
        return first == null ? Optional.empty() : Optional.of(new MachineCapacity(min, "NodeClaim " + first));
    }

    /** Quantities printed as users write them: memory in Mi when whole, others plain. */
    static String show(String resource, BigDecimal v) {
        if (resource.equals("memory") && v.remainder(MIB).signum() == 0) {
            return v.divide(MIB).toPlainString() + "Mi";
        }
        return v.stripTrailingZeros().toPlainString();
    }
}
