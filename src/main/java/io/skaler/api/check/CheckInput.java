package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.model.SlurmSnapshot;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code skaler check} judges, gathered once (from files, or from the cluster and slurmrestd); each
 * {@link Check} is a pure function of it. An empty part means that input was not given: checks that need it say
 * {@code skip}.
 *
 * @param objects  Kubernetes objects (a file or what the cluster listed)
 * @param slurm    Slurm's nodes (a snapshot directory or slurmrestd)
 * @param endpoint what contacting slurmrestd showed (live)
 * @param access   live: namespace to whether skaler may scale NodeSets there (an access review)
 * @param metrics  live: the metrics endpoint as probed
 */
public record CheckInput(Optional<List<KubeObject>> objects, Optional<SlurmSnapshot> slurm, Optional<Policy> policy,
        Optional<SlurmEndpoint> endpoint, Map<String, Boolean> access, Optional<MetricsProbe> metrics, Instant now) {
    public CheckInput {
        objects = objects.map(List::copyOf);
        access = Map.copyOf(access);
    }

    public static CheckInput empty(Instant now) {
        return new CheckInput(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), now);
    }

    public CheckInput withObjects(List<KubeObject> o) {
        return new CheckInput(Optional.of(o), slurm, policy, endpoint, access, metrics, now);
    }

    public CheckInput withSlurm(SlurmSnapshot s) {
        return new CheckInput(objects, Optional.of(s), policy, endpoint, access, metrics, now);
    }

    public CheckInput withPolicy(Policy p) {
        return new CheckInput(objects, slurm, Optional.of(p), endpoint, access, metrics, now);
    }

    public CheckInput withEndpoint(SlurmEndpoint e) {
        return new CheckInput(objects, slurm, policy, Optional.of(e), access, metrics, now);
    }

    public CheckInput withAccess(Map<String, Boolean> a) {
        return new CheckInput(objects, slurm, policy, endpoint, a, metrics, now);
    }

    public CheckInput withMetrics(MetricsProbe m) {
        return new CheckInput(objects, slurm, policy, endpoint, access, Optional.of(m), now);
    }

    /** The objects of one kind (none without Kubernetes input). */
    public List<KubeObject> ofKind(String kind) {
        return objects.orElse(List.of()).stream().filter(o -> o.kind().equals(kind)).toList();
    }

    /** The NodeSets the policy manages, or every NodeSet when there is no policy. */
    public List<KubeObject> managedNodeSets() {
        List<KubeObject> all = ofKind("NodeSet");
        if (policy.isEmpty()) {
            return all;
        }
        return all.stream().filter(ns -> nodeSetPolicy(ns).isPresent()).toList();
    }

    public Optional<NodeSetPolicy> nodeSetPolicy(KubeObject nodeSet) {
        return policy.stream().flatMap(p -> p.partitions().stream()).flatMap(p -> p.nodeSets().stream())
                .filter(n -> n.ref().name().equals(nodeSet.name()) && n.ref().namespace().equals(nodeSet.namespace()))
                .findFirst();
    }

    /** Text at a JSON pointer ({@code /spec/controllerRef/name}), {@code ""} when absent. */
    public static String text(KubeObject o, String pointer) {
        JsonNode n = o.body().at(pointer);
        return n.isMissingNode() || n.isNull() ? "" : n.asText("");
    }
}
