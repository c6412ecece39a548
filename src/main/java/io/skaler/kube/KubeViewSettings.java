package io.skaler.kube;

import java.util.Map;

/**
 * What the view watches.
 *
 * @param namespace       namespace of the Slinky NodeSets, their pods, Controller and RestApi
 * @param nodeSetVersion  {@code v1beta1} (Slinky >= 1.0) or {@code v1alpha1} (older Slinky)
 * @param policyNamespace namespace of the policy ConfigMap
 * @param policyConfigMap name of the policy ConfigMap (key {@code policy.yaml})
 * @param podLabels       narrows the pod watch (e.g. {@code app.kubernetes.io/name: slurmd}); empty watches all pods
 *                        of {@code namespace}
 */
public record KubeViewSettings(
        String namespace,
        String nodeSetVersion,
        String policyNamespace,
        String policyConfigMap,
        Map<String, String> podLabels) {

    public KubeViewSettings {
        require("namespace", namespace);
        require("policyNamespace", policyNamespace);
        require("policyConfigMap", policyConfigMap);
        KubeResources.nodeSets(nodeSetVersion); // validates the version
        podLabels = Map.copyOf(podLabels);
    }

    private static void require(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
