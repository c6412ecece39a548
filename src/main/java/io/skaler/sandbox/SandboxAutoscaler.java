package io.skaler.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;

/**
 * The autoscaler under test, plugged into a sandbox run: it gets the simulated slurmrestd's base URL (serving
 * v0.0.42; any non-empty token is accepted) and a client of the in-process Kubernetes API, and runs until stopped.
 */
public interface SandboxAutoscaler {
    void start(URI slurmUrl, KubernetesClient kube);

    void stop();

    /** A name for the report. */
    default String name() {
        return getClass().getSimpleName();
    }
}
