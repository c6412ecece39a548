package io.skaler.loop;

import io.skaler.model.KubeSnapshot;

/** The loop's view of Kubernetes, from informers: fresh only when every informer has synced and no watch is broken. */
public interface KubeSource {
    Observation<KubeSnapshot> read();
}
