package io.skaler.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.skaler.kube.KubeLeader;
import io.skaler.kube.KubeViewSettings;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientConfig;
import io.skaler.slurm.SlurmReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Starts the {@link Autoscaler} with the service and drives its timers; all logic lives in the Autoscaler. */
@ApplicationScoped
public class AutoscalerService {
    private static final Logger LOG = Logger.getLogger(AutoscalerService.class);

    @Inject
    KubernetesClient kube;
    @Inject
    SlurmClient slurmClient;
    @Inject
    SlurmClientConfig slurmConfig;
    @Inject
    LoopConfig config;
    @Inject
    MeterRegistry registry;

    private volatile Autoscaler autoscaler;

    void onStart(@Observes StartupEvent event) {
        if (!config.loop().enabled()) {
            LOG.info("skaler loop disabled (skaler.loop.enabled=false)");
            return;
        }
        Clock clock = Clock.systemUTC();
        var kubeConfig = config.kube();
        String identity = kubeConfig.leader().identity().orElseGet(AutoscalerService::hostName);
        var view = new KubeViewSettings(kubeConfig.namespace(), kubeConfig.nodeSetVersion(), kubeConfig.selfNamespace(),
                kubeConfig.policyConfigMap(), kubeConfig.podLabels());
        Optional<KubeLeader.Settings> election = kubeConfig.leader().enabled()
                ? Optional.of(new KubeLeader.Settings(kubeConfig.selfNamespace(), kubeConfig.leader().leaseName(),
                        identity, kubeConfig.leader().leaseDuration(), kubeConfig.leader().renewDeadline(),
                        kubeConfig.leader().retryPeriod()))
                : Optional.empty();
        var reader = new SlurmReader(slurmClient, new ParseLimits(slurmConfig.maxResponseBytes(),
                ParseLimits.DEFAULT.maxStringLength()), slurmConfig.fullReadInterval(), clock);
        autoscaler = new Autoscaler(kube, reader, new Autoscaler.Settings(view, config.loop(), identity, election),
                registry, clock);
        autoscaler.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        var a = autoscaler;
        if (a != null) {
            a.close();
        }
    }

    @Scheduled(every = "${skaler.loop.slurm-poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void pollSlurm() {
        var a = autoscaler;
        if (a != null) {
            a.pollSlurm();
        }
    }

    @Scheduled(every = "${skaler.loop.resync-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resync() {
        var a = autoscaler;
        if (a != null) {
            a.resync();
        }
    }

    /** Empty while the loop is disabled or starting. */
    public Optional<Autoscaler> autoscaler() {
        return Optional.ofNullable(autoscaler);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "skaler-" + ProcessHandle.current().pid();
        }
    }
}
