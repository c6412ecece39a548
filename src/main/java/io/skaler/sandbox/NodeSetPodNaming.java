package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/**
 * How slurm-operator names a NodeSet's pods and their Slurm nodes in StatefulSet scaling mode (upstream
 * internal/controller/nodeset/utils/utils.go {@code initIdentity}, {@code GetSlurmNodeName}; the Slurm Nodeset name
 * from internal/builder/common/common.go {@code GetSlurmNodeSetName}). Slinky's chart sets the pod template's
 * hostname to {@code "<key>-"} for NodeSet {@code <release>-worker-<key>}, so pod {@code slurm-worker-gpu-h100-3} is
 * Slurm node {@code gpu-h100-3}. Ordinals are not padded (the NodeSet's {@code ordinalPadding} defaults to 0);
 * hostNetwork pods (named after the Kubernetes node) are not modelled.
 *
 * @param nodeSet          the NodeSet's name
 * @param templateHostname {@code spec.template.spec.hostname}, empty when unset
 */
public record NodeSetPodNaming(String nodeSet, String templateHostname) {

    /** The naming of a NodeSet object as it is in the API server. */
    public static NodeSetPodNaming of(GenericKubernetesResource nodeSet) {
        Object spec = nodeSet.getAdditionalProperties().get("spec");
        Object template = spec instanceof Map<?, ?> s ? s.get("template") : null;
        Object podSpec = template instanceof Map<?, ?> t ? t.get("spec") : null;
        Object hostname = podSpec instanceof Map<?, ?> p ? p.get("hostname") : null;
        return new NodeSetPodNaming(nodeSet.getMetadata().getName(), hostname == null ? "" : hostname.toString());
    }

    public String podName(int ordinal) {
        return nodeSet + "-" + ordinal;
    }

    /** The pod's hostname, which is its Slurm node name (and its pod-hostname label). */
    public String slurmNode(int ordinal) {
        return templateHostname.isEmpty() ? podName(ordinal) : templateHostname + ordinal;
    }

    /** The Slurm Nodeset (and the feature each of its nodes registers with): the hostname without its dash. */
    public String slurmNodeSet() {
        if (templateHostname.isBlank()) {
            return nodeSet;
        }
        String first = templateHostname.strip().split("\\s+")[0];
        return first.replaceAll("^-+|-+$", "");
    }
}
