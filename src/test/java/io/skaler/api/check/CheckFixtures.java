package io.skaler.api.check;

import io.skaler.kube.KubeDocuments;
import io.skaler.model.Gres;
import io.skaler.model.NodeState;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmSnapshot;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders for check inputs: objects from YAML snippets, a policy from text, Slurm nodes by shape. */
final class CheckFixtures {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private CheckFixtures() {
    }

    static CheckInput kube(String... yamlDocs) {
        return CheckInput.empty(NOW).withObjects(KubeDocuments.parse(String.join("\n---\n", yamlDocs)));
    }

    static Policy policy(String partitionsYaml) {
        var r = PolicyParser.parse("apiVersion: skaler.io/v1alpha1\nkind: Policy\npartitions:\n" + partitionsYaml);
        if (r instanceof PolicyResult.Valid v) {
            return v.policy();
        }
        throw new AssertionError(((PolicyResult.Invalid) r).errors());
    }

    /** One partition {@code gpu} with NodeSet slurm/slurm-worker-gpu-h100 of the given node shape and pool binding. */
    static Policy gpuPolicy(String node, String nodePool) {
        return policy("  - name: gpu\n    nodeSets:\n      - {name: slurm-worker-gpu-h100, namespace: slurm, node: "
                + node + ", maxReplicas: 8, nodePool: " + nodePool + "}\n");
    }

    static SlurmNode node(String name, int cpus, long memoryMB, Map<String, Long> gres, String... features) {
        return new SlurmNode(name, new NodeState("IDLE", Set.of()), List.of("gpu"), Arrays.asList(features), cpus, 0,
                memoryMB, 0, new Gres(gres), Gres.NONE, "", "", 0, 0, "");
    }

    static SlurmSnapshot slurm(SlurmNode... nodes) {
        return new SlurmSnapshot(List.of(), List.of(nodes), List.of(), "v0.0.42", NOW);
    }

    static final String NODESET = """
            apiVersion: slinky.slurm.net/v1beta1
            kind: NodeSet
            metadata: {name: slurm-worker-gpu-h100, namespace: slurm}
            spec:
              controllerRef: {name: slurm}
              scalingMode: StatefulSet
              replicas: 1
              template: {spec: {hostname: gpu-h100-}}
            """;
    static final String CONTROLLER = """
            apiVersion: slinky.slurm.net/v1beta1
            kind: Controller
            metadata: {name: slurm, namespace: slurm}
            spec: {clusterName: slurm}
            """;
    static final String RESTAPI = """
            apiVersion: slinky.slurm.net/v1beta1
            kind: RestApi
            metadata: {name: slurm, namespace: slurm}
            spec: {controllerRef: {name: slurm}}
            """;

    static String pod(String name, String hostname, boolean hostNetwork, String nodeName) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: slurm
                  ownerReferences: [{apiVersion: slinky.slurm.net/v1beta1, kind: NodeSet, name: slurm-worker-gpu-h100, uid: u}]
                spec: {hostname: %s, hostNetwork: %s, nodeName: %s, containers: [{name: slurmd, image: slurmd}]}
                status: {phase: Running}
                """.formatted(name, hostname, hostNetwork, nodeName);
    }

    static List<CheckStatus> statuses(List<CheckResult> results) {
        return results.stream().map(CheckResult::status).toList();
    }
}
