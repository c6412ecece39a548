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

    /**
     * Asks the autoscaler to print its decisions, with its reasons, as it makes them ({@code elapsed} formats a
     * virtual instant as the run prints it). Returns false when it has none to print: the run then prints each
     * replica change it observes instead.
     */
    default boolean printDecisions(java.io.PrintStream out, java.util.function.LongFunction<String> elapsed) {
        return false;
    }

    /**
     * Whether it has started up (synced its views, read its configuration) and would act on a change now. The run
     * waits for this before its clock starts, so the replay measures reactions, not the start-up.
     */
    default boolean ready() {
        return true;
    }

    void stop();

    /** A name for the report. */
    default String name() {
        return getClass().getSimpleName();
    }
}
