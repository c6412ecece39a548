package io.skaler.api.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
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

    /**
     * slurm-operator's {@code GetSlurmNodeName} (internal/controller/nodeset/utils/utils.go, chart slurm-1.3.0-rc1):
     * a hostNetwork pod's Slurm node is named after the Kubernetes node it runs on; otherwise after the pod's
     * {@code spec.hostname}, else the pod name.
     */
    static String slurmNodeName(KubeObject pod) {
        if (pod.body().at("/spec/hostNetwork").asBoolean(false)) {
            return CheckInput.text(pod, "/spec/nodeName");
        }
        String host = CheckInput.text(pod, "/spec/hostname");
        return host.isEmpty() ? pod.name() : host;
    }

    static boolean running(KubeObject pod) {
        return CheckInput.text(pod, "/status/phase").equals("Running");
    }
}
