package io.skaler.kube;

/**
 * The raw {@code policy.yaml} of the policy ConfigMap and the resourceVersion it was read at. Parsing and validation
 * belong to {@code io.skaler.policy}; this only carries the text.
 */
public record PolicyText(String namespace, String configMap, String text, String resourceVersion) {
}
