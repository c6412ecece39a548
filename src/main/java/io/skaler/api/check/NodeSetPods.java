package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.skaler.kube.KubeMapping;
import io.skaler.kube.KubeNames;
import java.util.List;

/** The pods of a NodeSet and the Slurm node each one registers as, the way slurm-operator names them. */
final class NodeSetPods {
    private NodeSetPods() {
    }

    /** Pods of the NodeSet: a controller owner reference of kind NodeSet, else the instance label (same namespace). */
    static List<KubeObject> of(KubeObject nodeSet, CheckInput in) {
        return in.ofKind("Pod").stream().filter(p -> p.namespace().equals(nodeSet.namespace()))
                .filter(p -> ownedBy(p, nodeSet.name())).toList();
    }

    private static boolean ownedBy(KubeObject pod, String nodeSet) {
        for (JsonNode o : pod.body().at("/metadata/ownerReferences")) {
            if (o.path("kind").asText().equals("NodeSet")
                    && o.path("apiVersion").asText().startsWith(KubeNames.SLINKY_GROUP + "/")) {
                return o.path("name").asText().equals(nodeSet);
            }
        }
        return nodeSet.equals(CheckInput.text(pod, "/metadata/labels/app.kubernetes.io~1instance"));
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /**
     * The Slurm node the pod registers as: the service's own rule ({@link KubeMapping#slurmNodeName}, slurm-operator's
     * {@code GetSlurmNodeName}), so the check and the autoscaler can never disagree about it.
     */
    static String slurmNodeName(KubeObject pod) {
        return KubeMapping.slurmNodeName(SERIALIZATION.convertValue(pod.body(), Pod.class));
    }

    static boolean running(KubeObject pod) {
        return CheckInput.text(pod, "/status/phase").equals("Running");
    }
}
