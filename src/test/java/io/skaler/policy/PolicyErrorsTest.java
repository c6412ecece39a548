package io.skaler.policy;

import static io.skaler.policy.PolicyFixtures.policyWith;
import static io.skaler.policy.PolicyFixtures.withNodeSet;
import static io.skaler.policy.PolicyFixtures.withTop;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a policy can be wrong, each with the exact error lines an operator sees. */
class PolicyErrorsTest {

    private static final String NS = "partitions[0].nodeSets[0]";

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                // the document
                row("empty text", "", "empty policy (expected apiVersion, kind and partitions)"),
                row("only a comment", "# nothing\n", "empty policy (expected apiVersion, kind and partitions)"),
                row("not a mapping", "- a\n- b\n", "must be a mapping, got a list"),
                row("scalar document", "hello\n", "must be a mapping, got string \"hello\""),
                row("syntax error", "apiVersion: [unclosed\n",
                        "YAML syntax error at line 1, column 22: while parsing a flow sequence"),
                row("two documents", policyWith("") + "---\nkind: Policy\n",
                        "more than one YAML document: a policy is exactly one document"),
                row("duplicate key", "apiVersion: skaler.io/v1alpha1\napiVersion: x\n",
                        "YAML syntax error at line 2, column 11: Duplicate field 'apiVersion'"),
                // top level
                row("missing apiVersion", policyWith("").replace("apiVersion: skaler.io/v1alpha1\n", ""),
                        "apiVersion: required"),
                row("wrong apiVersion", policyWith("").replace("v1alpha1", "v1"),
                        "apiVersion: must be skaler.io/v1alpha1, got \"skaler.io/v1\""),
                row("missing kind", policyWith("").replace("kind: Policy\n", ""), "kind: required"),
                row("wrong kind", policyWith("").replace("kind: Policy", "kind: ConfigMap"),
                        "kind: must be Policy, got \"ConfigMap\""),
                row("unknown top-level key", withTop("partition: []"),
                        "partition: unknown field (expected one of apiVersion, defaults, gresResources, kind, partitions, slurm)"),
                row("missing partitions", "apiVersion: skaler.io/v1alpha1\nkind: Policy\n",
                        "partitions: required (a list of the Slurm partitions skaler manages; [] to manage none)"),
                row("partitions not a list", "apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions: {a: 1}\n",
                        "partitions: must be a list, got a mapping"),
                // defaults
                row("unknown defaults key", withTop("defaults: {scaleup: {maxNodesPerCycle: 1}}"),
                        "defaults.scaleup: unknown field (expected one of provisioningTimeout, scaleDown, scaleUp)"),
                row("unknown scaleDown key", withTop("defaults: {scaleDown: {idle: 10m}}"),
                        "defaults.scaleDown.idle: unknown field (expected one of idleFor, maxNodesPerCycle, stabilizationWindow)"),
                row("bad duration", withTop("defaults: {scaleDown: {idleFor: 10 minutes}}"),
                        "defaults.scaleDown.idleFor: unknown unit \" minutes\" in duration \"10 minutes\" (use ns, us, ms, s, m or h)"),
                row("duration without unit", withTop("defaults: {scaleDown: {stabilizationWindow: 300}}"),
                        "defaults.scaleDown.stabilizationWindow: must be a duration such as 10m, 1h30m, 90s or 500ms, got number 300 (a unit is required)"),
                row("negative duration", withTop("defaults: {scaleDown: {idleFor: -5m}}"),
                        "defaults.scaleDown.idleFor: must be at least 0s, got -5m"),
                row("zero provisioning timeout", withTop("defaults: {provisioningTimeout: 0}"),
                        "defaults.provisioningTimeout: must be at least 1s, got 0"),
                row("ISO duration", withTop("defaults: {provisioningTimeout: PT20M}"),
                        "defaults.provisioningTimeout: invalid duration \"PT20M\": expected a number at \"PT20M\""),
                row("negative scaleDown per cycle", withTop("defaults: {scaleDown: {maxNodesPerCycle: -1}}"),
                        "defaults.scaleDown.maxNodesPerCycle: must be >= 0, got -1"),
                row("zero scaleUp per cycle", withTop("defaults: {scaleUp: {maxNodesPerCycle: 0}}"),
                        "defaults.scaleUp.maxNodesPerCycle: must be >= 1, got 0"),
                row("negative boot time", withTop("defaults: {scaleUp: {bootTime: -5m}}"),
                        "defaults.scaleUp.bootTime: must be at least 1s, got -5m"),
                row("zero boot time", withTop("defaults: {scaleUp: {bootTime: 0s}}"),
                        "defaults.scaleUp.bootTime: must be at least 1s, got 0s"),
                row("look-ahead as a word", withTop("defaults: {scaleUp: {lookAhead: soon}}"),
                        "defaults.scaleUp.lookAhead: must be auto or a duration such as 10m, 90s or 0s (off), got string \"soon\""),
                row("negative look-ahead", policyWith("scaleUp: {lookAhead: -1m}"),
                        NS + ".scaleUp.lookAhead: must be at least 0s, got -1m"),
                row("look-ahead without unit", policyWith("scaleUp: {lookAhead: 300}"),
                        NS + ".scaleUp.lookAhead: must be a duration such as 10m, 1h30m, 90s or 500ms, got number 300 (a unit is required)"),
                row("unknown scaleUp key", withTop("defaults: {scaleUp: {boot: 5m}}"),
                        "defaults.scaleUp.boot: unknown field (expected one of bootTime, lookAhead, maxNodesPerCycle)"),
                row("fractional per cycle", withTop("defaults: {scaleUp: {maxNodesPerCycle: 2.5}}"),
                        "defaults.scaleUp.maxNodesPerCycle: must be a whole number, got number 2.5"),
                row("string per cycle", withTop("defaults: {scaleUp: {maxNodesPerCycle: \"5\"}}"),
                        "defaults.scaleUp.maxNodesPerCycle: must be a whole number, got string \"5\""),
                row("defaults not a mapping", withTop("defaults: 5"), "defaults: must be a mapping, got number 5"),
                // gresResources
                row("typed GRES kind in gresResources", withTop("gresResources: {\"gpu:h100\": nvidia.com/gpu}"),
                        "gresResources[\"gpu:h100\"]: must be a GRES kind without a type (gpu, not gpu:h100)"),
                row("bad resource name", withTop("gresResources: {fpga: \"not a resource\"}"),
                        "gresResources.fpga: must be a Kubernetes resource name such as nvidia.com/gpu, got \"not a resource\""),
                row("memoryConsumable as a string", withTop("slurm: {memoryConsumable: \"false\"}"),
                        "slurm.memoryConsumable: must be true or false, got string \"false\""),
                row("unknown slurm key", withTop("slurm: {memory: false}"),
                        "slurm.memory: unknown field (expected one of memoryConsumable)"),
                row("resource not a string", withTop("gresResources: {fpga: 3}"),
                        "gresResources.fpga: must be a string, got number 3 (quote it)"),
                // partitions
                row("partition without name", "apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions:\n  - nodeSets: ["
                        + PolicyFixtures.nodeSet("") + "]\n", "partitions[0].name: required"),
                row("partition name with a comma", policyWith("").replace("name: p\n", "name: \"a,b\"\n"),
                        "partitions[0].name: must be a Slurm partition name (no spaces or commas), got \"a,b\""),
                row("partition without NodeSets", "apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions:\n  - name: p\n",
                        "partitions[0].nodeSets: required: at least one NodeSet"),
                row("partition with empty NodeSets",
                        "apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions:\n  - {name: p, nodeSets: []}\n",
                        "partitions[0].nodeSets: required: at least one NodeSet"),
                row("unknown partition key", policyWith("").replace("  - name: p\n", "  - name: p\n    nodesets: []\n"),
                        "partitions[0].nodesets: unknown field (expected one of name, nodeSets)"),
                row("null partition", "apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions: [null]\n",
                        "partitions[0]: must be a partition (name, nodeSets), got null"),
                row("duplicate partition", """
                        apiVersion: skaler.io/v1alpha1
                        kind: Policy
                        partitions:
                          - {name: p, nodeSets: [{name: a, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}]}
                          - {name: p, nodeSets: [{name: b, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}]}
                        """, "partitions[1].name: duplicate partition \"p\" (first at partitions[0])"),
                row("NodeSet claimed by two partitions", """
                        apiVersion: skaler.io/v1alpha1
                        kind: Policy
                        partitions:
                          - {name: p, nodeSets: [{name: a, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}]}
                          - {name: q, nodeSets: [{name: a, namespace: s, node: {cpus: 2, memoryMB: 1}, maxReplicas: 1}]}
                        """, "partitions[1].nodeSets[0]: NodeSet s/a is already managed at partitions[0].nodeSets[0] (one NodeSet belongs to one partition)"),
                row("NodePool bound in two modes", """
                        apiVersion: skaler.io/v1alpha1
                        kind: Policy
                        partitions:
                          - name: p
                            nodeSets:
                              - {name: a, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1, nodePool: {name: x, mode: limits}}
                              - {name: b, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1, nodePool: {name: x, mode: static}}
                        """, "partitions[0].nodeSets[1].nodePool.mode: NodePool \"x\" is already bound as limits at partitions[0].nodeSets[0] (one NodePool has one mode)"),
                // NodeSet fields
                row("null NodeSet", withNodeSet("null"),
                        NS + ": must be a NodeSet (name, namespace, node, maxReplicas, ...), got null"),
                row("NodeSet not a mapping", withNodeSet("slurm-worker"),
                        NS + ": must be a mapping, got string \"slurm-worker\""),
                row("unknown NodeSet key", policyWith("maxReplica: 4"),
                        NS + ".maxReplica: unknown field (expected one of headroomNodes, maxReplicas, minReplicas, name, namespace, node, nodePool, provisioningTimeout, scaleDown, scaleUp)"),
                row("missing name", withNodeSet("{namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}"),
                        NS + ".name: required"),
                row("name not a Kubernetes name", withNodeSet("{name: Worker_A, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}"),
                        NS + ".name: must be a Kubernetes object name (lowercase letters, digits, '-' and '.', at most 253), got \"Worker_A\""),
                row("numeric name", withNodeSet("{name: 42, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}"),
                        NS + ".name: must be a string, got number 42 (quote it)"),
                row("missing namespace", withNodeSet("{name: a, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}"),
                        NS + ".namespace: required"),
                row("bad namespace", withNodeSet("{name: a, namespace: a.b, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1}"),
                        NS + ".namespace: must be a Kubernetes namespace (lowercase letters, digits and '-', at most 63), got \"a.b\""),
                row("missing maxReplicas", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1}}"),
                        NS + ".maxReplicas: required"),
                row("max below min", policyWith("minReplicas: 5"),
                        NS + ".maxReplicas: must be >= minReplicas (5)"),
                row("negative minReplicas", policyWith("minReplicas: -1"), NS + ".minReplicas: must be >= 0, got -1"),
                row("negative maxReplicas", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: -2}"),
                        NS + ".maxReplicas: must be >= 0, got -2"),
                row("huge maxReplicas", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 99999999999}"),
                        NS + ".maxReplicas: must be at most 2147483647, got 99999999999"),
                row("negative headroom", policyWith("headroomNodes: -1"), NS + ".headroomNodes: must be >= 0, got -1"),
                row("headroom above max", policyWith("headroomNodes: 4"), NS + ".headroomNodes: must be <= maxReplicas (3)"),
                row("NodeSet override of scaleDown", policyWith("scaleDown: {idleFor: soon}"),
                        NS + ".scaleDown.idleFor: invalid duration \"soon\": expected a number at \"soon\""),
                row("NodeSet override of scaleUp", policyWith("scaleUp: {max: 3}"),
                        NS + ".scaleUp.max: unknown field (expected one of bootTime, lookAhead, maxNodesPerCycle)"),
                row("NodeSet override of provisioningTimeout", policyWith("provisioningTimeout: 20"),
                        NS + ".provisioningTimeout: must be a duration such as 10m, 1h30m, 90s or 500ms, got number 20 (a unit is required)"),
                // node shape
                row("missing node", withNodeSet("{name: a, namespace: s, maxReplicas: 1}"),
                        NS + ".node: required (the shape of one node: cpus, memoryMB, gres, features)"),
                row("missing cpus", withNodeSet("{name: a, namespace: s, node: {memoryMB: 1}, maxReplicas: 1}"),
                        NS + ".node.cpus: required"),
                row("zero cpus", withNodeSet("{name: a, namespace: s, node: {cpus: 0, memoryMB: 1}, maxReplicas: 1}"),
                        NS + ".node.cpus: must be >= 1, got 0"),
                row("zero memory", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 0}, maxReplicas: 1}"),
                        NS + ".node.memoryMB: must be >= 1, got 0"),
                row("missing memory", withNodeSet("{name: a, namespace: s, node: {cpus: 1}, maxReplicas: 1}"),
                        NS + ".node.memoryMB: required (or memory, as a Kubernetes quantity such as 1000Gi)"),
                row("both memory forms", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, memory: 1Gi}, maxReplicas: 1}"),
                        NS + ".node.memory: give either memoryMB or memory, not both"),
                row("bad memory quantity", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memory: 1GB}, maxReplicas: 1}"),
                        NS + ".node.memory: unknown suffix \"GB\" in quantity \"1GB\" (use Ki, Mi, Gi, Ti, Pi, k, M, G, T or P)"),
                row("memory quantity below a MiB", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memory: 1Ki}, maxReplicas: 1}"),
                        NS + ".node.memory: must be at least 1Mi, got \"1Ki\""),
                row("unknown node key", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, gpus: 8}, maxReplicas: 1}"),
                        NS + ".node.gpus: unknown field (expected one of cpus, features, gres, memory, memoryMB)"),
                row("negative GRES", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, gres: {gpu: -8}}, maxReplicas: 1}"),
                        NS + ".node.gres.gpu: must be >= 0, got -8"),
                row("bad GRES name", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, gres: {\"gpu h100\": 8}}, maxReplicas: 1}"),
                        NS + ".node.gres[\"gpu h100\"]: must be a GRES name such as gpu or gpu:h100"),
                row("GRES as a list", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, gres: [gpu]}, maxReplicas: 1}"),
                        NS + ".node.gres: must be a mapping, got a list"),
                row("feature with an operator", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, features: [\"a&b\"]}, maxReplicas: 1}"),
                        NS + ".node.features[0]: must be one Slurm feature name (no spaces or constraint operators), got \"a&b\""),
                row("features not a list", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, features: h100}, maxReplicas: 1}"),
                        NS + ".node.features: must be a list, got string \"h100\""),
                row("unmapped GRES kind in limits mode", withNodeSet("{name: a, namespace: s, node: {cpus: 1, memoryMB: 1, gres: {fpga: 2}}, maxReplicas: 1, nodePool: {name: x, mode: limits}}"),
                        NS + ".node.gres.fpga: no Kubernetes resource for GRES kind \"fpga\" (add it to gresResources; needed by nodePool mode limits)"),
                // nodePool
                row("unknown nodePool mode", policyWith("nodePool: {name: x, mode: scale}"),
                        NS + ".nodePool.mode: must be one of limits, static, none, got \"scale\""),
                row("mode in capitals", policyWith("nodePool: {name: x, mode: Limits}"),
                        NS + ".nodePool.mode: must be one of limits, static, none, got \"Limits\""),
                row("nodePool without mode", policyWith("nodePool: {name: x}"), NS + ".nodePool.mode: required"),
                row("limits without a name", policyWith("nodePool: {mode: limits}"),
                        NS + ".nodePool.name: required when mode is limits"),
                row("static without a name", policyWith("nodePool: {mode: static}"),
                        NS + ".nodePool.name: required when mode is static"),
                row("unknown nodePool key", policyWith("nodePool: {name: x, mode: none, limit: 3}"),
                        NS + ".nodePool.limit: unknown field (expected one of machine, mode, name)"),
                row("machine with fewer CPUs than the Slurm node", withNodeSet("{name: a, namespace: s, node: {cpus: 188,"
                                + " memoryMB: 1}, maxReplicas: 1, nodePool: {name: x, mode: limits, machine: {cpu: 128}}}"),
                        NS + ".nodePool.machine.cpu: must be >= node.cpus (188): the Slurm node runs on this machine"),
                row("machine with less memory than the Slurm node", withNodeSet("{name: a, namespace: s, node: {cpus: 1,"
                                + " memory: 2Ti}, maxReplicas: 1, nodePool: {name: x, mode: limits, machine: {memory: 1Ti}}}"),
                        NS + ".nodePool.machine.memory: must be >= the node's memory (2097152 MiB): the Slurm node runs on"
                                + " this machine"),
                row("machine memory not a quantity", policyWith("nodePool: {name: x, mode: limits, machine: {memory: lots}}"),
                        NS + ".nodePool.machine.memory: invalid quantity \"lots\" (expected e.g. 1000Gi, 512Mi, 500G)"),
                row("machine GPUs negative", policyWith("nodePool: {name: x, mode: limits, machine: {nvidia.com/gpu: -1}}"),
                        NS + ".nodePool.machine[\"nvidia.com/gpu\"]: must be >= 0, got -1"),
                row("machine as a list", policyWith("nodePool: {name: x, mode: limits, machine: [cpu]}"),
                        NS + ".nodePool.machine: must be a mapping, got a list"),
                row("nodePool as a string", policyWith("nodePool: p5-h100"),
                        NS + ".nodePool: must be a mapping, got string \"p5-h100\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void isRejectedWithTheFieldAndTheReason(String what, String yaml, List<String> expected) {
        var result = PolicyParser.parse(yaml);
        assertThat(result).as(what).isInstanceOf(PolicyResult.Invalid.class);
        var lines = ((PolicyResult.Invalid) result).errors().stream().map(PolicyError::toString).toList();
        assertThat(lines).as(what).containsExactlyElementsOf(expected);
    }

    @org.junit.jupiter.api.Test
    void everyErrorIsReportedAtOnce() {
        String yaml = """
                apiVersion: skaler.io/v1alpha1
                kind: Policy
                defaults: {scaleDown: {idleFor: 10x}}
                partitions:
                  - name: p
                    nodeSets:
                      - {name: a, namespace: s, node: {cpus: 0, memoryMB: 1}, minReplicas: 2, maxReplicas: 1, colour: red}
                      - {name: b, namespace: s, node: {cpus: 1, memoryMB: 1}, maxReplicas: 1, nodePool: {name: x, mode: on}}
                """;
        var result = (PolicyResult.Invalid) PolicyParser.parse(yaml);
        assertThat(result.describe().lines()).containsExactly(
                "defaults.scaleDown.idleFor: unknown unit \"x\" in duration \"10x\" (use ns, us, ms, s, m or h)",
                NS + ".colour: unknown field (expected one of headroomNodes, maxReplicas, minReplicas, name, namespace, node, nodePool, provisioningTimeout, scaleDown, scaleUp)",
                NS + ".node.cpus: must be >= 1, got 0",
                NS + ".maxReplicas: must be >= minReplicas (2)",
                // YAML 1.1 reads a bare on as true: the message says how to get the string
                "partitions[0].nodeSets[1].nodePool.mode: must be a string, got boolean true (quote it)");
    }

    @org.junit.jupiter.api.Test
    void aDocumentLargerThanAConfigMapIsRefusedUnread() {
        String huge = PolicyFixtures.policyWith("") + "#" + "x".repeat(PolicyParser.MAX_CHARS) + "\n";
        var result = (PolicyResult.Invalid) PolicyParser.parse(huge);
        assertThat(result.describe()).startsWith("policy is ").endsWith("characters, more than the 1048576 allowed");
    }

    @org.junit.jupiter.api.Test
    void aliasesAreRefusedSoTheyCanNeitherConfuseNorBlowUp() {
        // ten-fold nesting 30 deep would be 10^30 nodes if expanded
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            sb.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        var bomb = (PolicyResult.Invalid) PolicyParser.parse(sb.toString());
        assertThat(bomb.describe()).isEqualTo(
                "YAML alias *a0 at line 2: anchors and aliases are not supported in a policy; write the value out");
        String reuse = PolicyFixtures.withNodeSet("{name: a, namespace: s, node: &n {cpus: 1, memoryMB: 1}, maxReplicas: 1}")
                + "      - {name: b, namespace: s, node: *n, maxReplicas: 1}\n";
        assertThat(((PolicyResult.Invalid) PolicyParser.parse(reuse)).describe()).isEqualTo(
                "YAML alias *n at line 7: anchors and aliases are not supported in a policy; write the value out");
    }

    private static Arguments row(String what, String yaml, String... errors) {
        return Arguments.of(what, yaml, List.of(errors));
    }
}
