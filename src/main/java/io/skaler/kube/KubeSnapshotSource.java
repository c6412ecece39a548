package io.skaler.kube;

/** Where the loop gets Kubernetes' part of a snapshot. */
public interface KubeSnapshotSource {
    ViewResult snapshot();
}
