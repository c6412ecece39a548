package io.skaler.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.skaler.kube.KubeConfig;
import io.skaler.kube.KubeLeader;
import io.skaler.slurm.SlurmMetricsReader;
import io.skaler.slurm.SlurmReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Starts the {@link Autoscaler} with the service and stops it with it; all logic lives in the Autoscaler. */
@ApplicationScoped
public class AutoscalerService {
    private static final Logger LOG = Logger.getLogger(AutoscalerService.class);

    @Inject
    KubernetesClient client;
    @Inject
    SlurmReader slurmReader;
    @Inject
    KubeConfig kubeConfig;
    @Inject
    LoopConfig config;
    @Inject
    MeterRegistry registry;
    /** Present when {@code skaler.slurm.metrics.enabled}: Slurm's own metrics as a change signal and cross-check. */
    @Inject
    Optional<SlurmMetricsReader> slurmMetrics;

    private volatile Autoscaler autoscaler;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("skaler loop disabled (skaler.loop.enabled=false)");
            return;
        }
        var kube = kubeConfig;
        Optional<KubeLeader.Settings> election = kubeConfig.leaderElection() ? Optional.of(kube.leaderSettings()) : Optional.empty();
        slurmMetrics.ifPresent(m -> LOG.infof("Slurm metrics at %s: change signal and cross-check on", m.url()));
        autoscaler = new Autoscaler(client, slurmReader, slurmMetrics, new Autoscaler.Settings(kube.viewSettings(),
                kube.executorSettings(), config, election), registry, Clock.systemUTC());
        autoscaler.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        var a = autoscaler;
        if (a != null) {
            a.close();
        }
    }

    /** Empty while the loop is disabled or starting. */
    public Optional<Autoscaler> autoscaler() {
        return Optional.ofNullable(autoscaler);
    }
}
