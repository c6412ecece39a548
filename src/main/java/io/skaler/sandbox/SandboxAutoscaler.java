package io.skaler.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;

/**
 * The autoscaler under test, plugged into a sandbox run: it gets the simulated slurmrestd's base URL (serving
 * v0.0.42; any non-empty token is accepted) and a client of the in-process Kubernetes API, and runs until stopped.
 */
public interface SandboxAutoscaler {
    void start(URI slurmUrl, KubernetesClient kube);

    /**
     * Starts with the run's virtual clock: Slurm's timestamps ({@code submit_time}, {@code last_busy},
     * {@code last_update}) are virtual, so an autoscaler that compares them with "now" (idle-for, staleness) should
     * read now from this clock. Kubernetes {@code creationTimestamp}s are the mock server's wall time; the simulators
     * also write the virtual creation time as annotation {@value SandboxAutoscaler#CREATED_AT}.
     */
    default void start(URI slurmUrl, KubernetesClient kube, java.time.Clock virtualClock) {
        start(slurmUrl, kube);
    }

    String CREATED_AT = "sandbox.skaler.io/created-at";

    void stop();

    /** A name for the report. */
    default String name() {
        return getClass().getSimpleName();
    }
}
