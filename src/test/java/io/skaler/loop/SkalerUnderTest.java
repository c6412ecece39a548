package io.skaler.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutorSettings;
import io.skaler.kube.KubeViewSettings;
import io.skaler.slurm.JwtMinter;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * skaler as it runs in production, assembled for the closed loop: the real {@link Autoscaler} with the real
 * SlurmClient (a token minted from the cluster's key, as a deployment with the key mounted does) and SlurmReader,
 * its own Kubernetes client, and no loop thread: the test drives each cycle with {@link #cycle()}.
 */
final class SkalerUnderTest implements AutoCloseable {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Autoscaler autoscaler;
    private final KubernetesClient kube;

    SkalerUnderTest(KubernetesClient kube, URI slurmUrl, Path jwtKey) {
        this.kube = kube;
        Clock clock = Clock.systemUTC();
        var tokens = new JwtMinter(jwtKey, "slurm", Duration.ofMinutes(15), Optional.empty(), clock);
        var client = new SlurmClient(SlurmClientSettings.of(slurmUrl)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)), tokens, registry);
        var reader = new SlurmReader(client, ParseLimits.DEFAULT, Duration.ofSeconds(30), clock);
        var settings = new Autoscaler.Settings(
                new KubeViewSettings(ClosedLoopKube.NS, "v1beta1", ClosedLoopKube.NS,
                        ClosedLoopKube.POLICY_CONFIGMAP, java.util.Map.of()),
                new ExecutorSettings(false, 4, Duration.ofMillis(100), Duration.ofSeconds(1), 50, 50, -1000,
                        Duration.ofMinutes(10), "skaler-closed-loop-0"),
                LoopSettings.defaults(), Optional.empty());
        autoscaler = new Autoscaler(kube, reader, settings, registry, clock);
        autoscaler.startObserving();
    }

    CycleOutcome cycle() {
        return autoscaler.runOnce();
    }

    @Override
    public void close() {
        autoscaler.close();
        kube.close();
    }
}
