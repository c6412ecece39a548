package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.kube.ExecutorSettings;
import io.skaler.kube.KubeViewSettings;
import io.skaler.loop.Autoscaler;
import io.skaler.loop.LoopSettings;
import io.skaler.loop.LoopStatus;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The real skaler wired as the service wires it (service defaults for the loop, the executor's rate limit and the
 * Slurm client) for the load run, with its meter registry and loop status open to the measurement. Unlike
 * {@link SkalerInSandbox} it takes the registry from outside, so the figures come from skaler's own metrics.
 */
final class SkalerUnderLoad implements SandboxAutoscaler {
    private final Scenario scenario;
    private final MeterRegistry registry;
    private final LoopSettings loop = LoopSettings.defaults();
    private final ExecutorSettings executor = ExecutorSettings.defaults("skaler-load");
    private volatile Autoscaler autoscaler;

    SkalerUnderLoad(Scenario scenario, MeterRegistry registry) {
        this.scenario = scenario;
        this.registry = registry;
    }

    @Override
    public void start(URI slurmUrl, KubernetesClient kube) {
        start(slurmUrl, kube, Clock.systemUTC());
    }

    @Override
    public void start(URI slurmUrl, KubernetesClient kube, Clock virtualClock) {
        String policy = SandboxPolicy.yaml(scenario, Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofMinutes(20));
        kube.configMaps().inNamespace(SkalerInSandbox.POLICY_NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(SkalerInSandbox.POLICY_CONFIG_MAP)
                .withNamespace(SkalerInSandbox.POLICY_NAMESPACE).endMetadata()
                .withData(Map.of("policy.yaml", policy)).build()).create();
        var client = new SlurmClient(SlurmClientSettings.of(slurmUrl), TokenSource.fixed(new Token("load")), registry);
        var reader = new SlurmReader(client, ParseLimits.DEFAULT, SlurmReader.DEFAULT_FULL_READ_INTERVAL, virtualClock);
        var view = new KubeViewSettings(scenario.namespace(), "v1beta1", SkalerInSandbox.POLICY_NAMESPACE,
                SkalerInSandbox.POLICY_CONFIG_MAP, Map.of());
        autoscaler = new Autoscaler(kube, reader, new Autoscaler.Settings(view, executor, loop, Optional.empty()),
                registry, virtualClock);
        autoscaler.start();
    }

    /** The loop's status; {@link LoopStatus#initial} before start. */
    LoopStatus status() {
        Autoscaler a = autoscaler;
        return a == null ? LoopStatus.initial(false) : a.status();
    }

    LoopSettings loop() {
        return loop;
    }

    ExecutorSettings executor() {
        return executor;
    }

    @Override
    public void stop() {
        if (autoscaler != null) {
            autoscaler.close();
        }
    }

    @Override
    public String name() {
        return "skaler";
    }
}
