package io.skaler.kube;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the view watches.
 *
 * @param namespaces      namespaces of the Slinky NodeSets, their pods, Controllers and RestApis: each is watched by
 *                        its own informers (the chart grants a Role in each); {@code ["*"]} watches every namespace
 *                        with one informer per kind (the chart grants a ClusterRole)
 * @param nodeSetVersion  {@code v1beta1} (Slinky >= 1.0) or {@code v1alpha1} (older Slinky)
 * @param policyNamespace namespace of the policy ConfigMap
 * @param policyConfigMap name of the policy ConfigMap (key {@code policy.yaml})
 * @param podLabels       narrows the pod watch (e.g. {@code app.kubernetes.io/name: slurmd}); empty watches all pods
 *                        of those namespaces
 */
public record KubeViewSettings(
        List<String> namespaces,
        String nodeSetVersion,
        String policyNamespace,
        String policyConfigMap,
        Map<String, String> podLabels) {

    /** Every namespace (a cluster-wide grant). */
    public static final String ALL_NAMESPACES = "*";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public KubeViewSettings {
        if (namespaces == null || namespaces.isEmpty()) {
            throw new IllegalArgumentException("namespaces must name at least one namespace, or be \"*\" for all");
        }
        namespaces = List.copyOf(new java.util.LinkedHashSet<>(namespaces.stream().map(String::trim).toList()));
        if (namespaces.contains(ALL_NAMESPACES) && namespaces.size() > 1) {
            throw new IllegalArgumentException("namespaces: \"*\" (all namespaces) cannot be combined with names, got "
                    + namespaces);
        }
        for (String ns : namespaces) {
            if (!ns.equals(ALL_NAMESPACES) && !NAMESPACE.matcher(ns).matches()) {
                throw new IllegalArgumentException("namespaces: \"" + ns + "\" is not a Kubernetes namespace name "
                        + "(lowercase letters, digits and '-', at most 63)");
            }
        }
        require("policyNamespace", policyNamespace);
        require("policyConfigMap", policyConfigMap);
        KubeResources.nodeSets(nodeSetVersion); // validates the version
        podLabels = Map.copyOf(podLabels);
    }

    /** Watches one namespace. */
    public KubeViewSettings(String namespace, String nodeSetVersion, String policyNamespace, String policyConfigMap,
            Map<String, String> podLabels) {
        this(List.of(namespace == null ? "" : namespace), nodeSetVersion, policyNamespace, policyConfigMap, podLabels);
    }

    /** True when one informer per kind watches every namespace. */
    public boolean everyNamespace() {
        return namespaces.equals(List.of(ALL_NAMESPACES));
    }

    private static void require(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
