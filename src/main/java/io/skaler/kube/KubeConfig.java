package io.skaler.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * Every Kubernetes setting of skaler, one line each with its default (prefix {@code skaler.kube}). Validated once, when
 * turned into the settings records below; a bad value names its property.
 */
@ConfigMapping(prefix = "skaler.kube")
public interface KubeConfig {

    /**
     * Namespaces of the Slinky NodeSets, their pods, Controllers and RestApis, comma-separated (the chart passes its
     * rbac.slurmNamespaces); {@code *} watches every namespace (the chart's ClusterRole when that list is empty).
     */
    @WithDefault("slurm")
    java.util.List<String> namespaces();

    /** NodeSet API version: v1beta1 (Slinky >= 1.0) or v1alpha1 (Slinky 0.x). */
    @WithDefault("v1beta1")
    String nodeSetVersion();

    /** Labels narrowing the pod watch (e.g. app.kubernetes.io/name=slurmd); empty watches all pods of the namespace. */
    Map<String, String> podLabels();

    /** Namespace and name of the policy ConfigMap (key policy.yaml). */
    @WithDefault("skaler")
    String policyNamespace();

    @WithDefault("skaler-policy")
    String policyConfigMap();

    /** Compute and report, write nothing. */
    @WithDefault("false")
    boolean dryRun();

    /** Attempts per write on 409/429/5xx, and the first backoff (doubling up to maxBackoff). */
    @WithDefault("5")
    int maxAttempts();

    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    /** Client-side write rate limit (Events included). */
    @WithDefault("5")
    double writesPerSecond();

    @WithDefault("10")
    int writeBurst();

    /** pod-deletion-cost of the first pod chosen for scale-in (the next gets +1). */
    @WithDefault("-1000")
    int deletionCostBase();

    /** The same Event is not repeated sooner than this. */
    @WithDefault("10m")
    Duration eventRepeatAfter();

    /** This instance: lease holder identity and Events' reporting instance (the pod name in a Deployment). */
    @WithDefault("${HOSTNAME:skaler}")
    String identity();

    /** Elect a leader on a Lease (the chart runs two replicas); off only where one instance runs alone. */
    @WithDefault("true")
    boolean leaderElection();

    /** Lease for leader election, in skaler's own namespace. */
    @WithDefault("skaler")
    String leaseNamespace();

    @WithDefault("skaler-leader")
    String leaseName();

    @WithDefault("15s")
    Duration leaseDuration();

    @WithDefault("10s")
    Duration renewDeadline();

    @WithDefault("2s")
    Duration retryPeriod();

    default KubeViewSettings viewSettings() {
        return wrap(() -> new KubeViewSettings(namespaces(), nodeSetVersion(), policyNamespace(), policyConfigMap(),
                podLabels()));
    }

    default ExecutorSettings executorSettings() {
        return wrap(() -> new ExecutorSettings(dryRun(), maxAttempts(), initialBackoff(), maxBackoff(),
                writesPerSecond(), writeBurst(), deletionCostBase(), eventRepeatAfter(), identity()));
    }

    default KubeLeader.Settings leaderSettings() {
        return wrap(() -> new KubeLeader.Settings(leaseNamespace(), leaseName(), identity(), leaseDuration(),
                renewDeadline(), retryPeriod()));
    }

    private static <T> T wrap(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("skaler.kube: " + e.getMessage(), e);
        }
    }
}
