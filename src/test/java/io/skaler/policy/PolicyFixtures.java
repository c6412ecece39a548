package io.skaler.policy;

/** Policy texts for tests, built around one small valid document so each test changes exactly one thing. */
final class PolicyFixtures {
    /** The example of issue 4, verbatim in content. */
    static final String EXAMPLE = """
            apiVersion: skaler.io/v1alpha1
            kind: Policy
            defaults:                       # apply to every NodeSet unless overridden there
              scaleDown: {idleFor: 10m, stabilizationWindow: 5m, maxNodesPerCycle: 10}
              scaleUp: {maxNodesPerCycle: 100}
              provisioningTimeout: 20m      # capacity asked for but not arrived by then is presumed failed
            partitions:
              - name: gpu-h100              # Slurm partition skaler manages; others are observed only
                nodeSets:                   # in order of preference; demand spills to the next at max or on failure
                  - name: slurm-worker-gpu-h100
                    namespace: slurm
                    node: {cpus: 96, memoryMB: 1000000, gres: {"gpu:h100": 8}}   # one node of this NodeSet
                    minReplicas: 0
                    maxReplicas: 16
                    headroomNodes: 0        # idle nodes kept warm
                    nodePool: {name: p5-h100, mode: limits}   # limits | static | none
              - name: trn1
                nodeSets:
                  - {name: slurm-worker-trn1, namespace: slurm, node: {cpus: 128, memoryMB: 500000, gres: {}}, maxReplicas: 8}
            """;

    private PolicyFixtures() {
    }

    /** A one-partition policy whose single NodeSet is {@code nodeSet} (a YAML flow mapping). */
    static String withNodeSet(String nodeSet) {
        return """
                apiVersion: skaler.io/v1alpha1
                kind: Policy
                partitions:
                  - name: p
                    nodeSets:
                      - %s
                """.formatted(nodeSet);
    }

    /** A minimal valid NodeSet with {@code extra} (flow-mapping entries, may be "") added. */
    static String nodeSet(String extra) {
        return "{name: ns, namespace: slurm, node: {cpus: 4, memoryMB: 8000}, maxReplicas: 3"
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    /** A valid policy with one NodeSet carrying {@code extra}. */
    static String policyWith(String extra) {
        return withNodeSet(nodeSet(extra));
    }

    /** A valid minimal policy with {@code top} (YAML lines) inserted before partitions. */
    static String withTop(String top) {
        return """
                apiVersion: skaler.io/v1alpha1
                kind: Policy
                %s
                partitions:
                  - name: p
                    nodeSets:
                      - %s
                """.formatted(top, nodeSet(""));
    }
}
