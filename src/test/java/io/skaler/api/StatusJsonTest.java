package io.skaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.kube.ForeignWrite;
import io.skaler.loop.LoopStatus;
import io.skaler.loop.PolicyHolder;
import io.skaler.model.NamespaceCoverage;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** /api/v1/status names the namespaces watched, each of the policy's it cannot see, and other tools' writes. */
class StatusJsonTest {
    private static final String POLICY = """
            apiVersion: skaler.io/v1alpha1
            kind: Policy
            partitions:
              - name: gpu
                nodeSets:
                  - {name: gpu, namespace: slurm, node: {cpus: 8, memory: 64Gi}, maxReplicas: 4}
                  - {name: cpu, namespace: slurm-b, node: {cpus: 8, memory: 64Gi}, maxReplicas: 4}
            """;

    @Test
    void namespacesAndForeignWritesAreReported() {
        var policy = ((PolicyResult.Valid) PolicyParser.parse(POLICY)).policy();
        var at = Instant.parse("2026-12-06T10:00:00Z");
        var status = new LoopStatus(Optional.empty(), Optional.empty(), 3, true,
                Optional.of(new PolicyHolder.Active(policy, "skaler/skaler-policy@1", at)), Optional.empty(), false);

        var json = StatusJson.render(status, Optional.empty(), new NamespaceCoverage(false, Set.of("slurm"), Map.of()),
                List.of(new ForeignWrite("NodeSet", "slurm/gpu", "replicas", "helm", "Update", at)));

        assertThat(json.at("/namespaces/watched/0").asText()).isEqualTo("slurm");
        assertThat(json.at("/namespaces/unseen").size()).isEqualTo(1);
        assertThat(json.at("/namespaces/unseen/slurm-b").asText()).contains("namespace slurm-b is not watched");
        assertThat(json.at("/foreignWrites/0/field").asText()).isEqualTo("spec.replicas");
        assertThat(json.at("/foreignWrites/0/manager").asText()).isEqualTo("helm");
        assertThat(StatusJson.render(status, Optional.empty(), NamespaceCoverage.ALL, List.of())
                .at("/namespaces/watched").asText()).isEqualTo("*");
    }
}
