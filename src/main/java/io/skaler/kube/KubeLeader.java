package io.skaler.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease with fabric8's LeaderElector. Two replicas run; the holder
 * writes, the other keeps its informers warm and takes over when the lease lapses (or is released on shutdown). After
 * losing the lease an instance rejoins as a candidate rather than stopping.
 */
public final class KubeLeader implements Leadership, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubeLeader.class);

    /** @param leaseDuration how long a lease lasts without renewal; renewDeadline < leaseDuration; retryPeriod < renewDeadline */
    public record Settings(String namespace, String leaseName, String identity, Duration leaseDuration,
            Duration renewDeadline, Duration retryPeriod) {
        public Settings {
            if (identity == null || identity.isBlank() || leaseName == null || leaseName.isBlank()) {
                throw new IllegalArgumentException("leader election: leaseName and identity must not be blank");
            }
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException(
                        "leader election: need retryPeriod < renewDeadline < leaseDuration");
            }
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final List<Runnable> onStart = new CopyOnWriteArrayList<>();
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> onNewLeader = new CopyOnWriteArrayList<>();
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> running;

    public KubeLeader(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    public KubeLeader onStartLeading(Runnable r) {
        onStart.add(r);
        return this;
    }

    public KubeLeader onStopLeading(Runnable r) {
        onStop.add(r);
        return this;
    }

    public KubeLeader onNewLeader(Consumer<String> c) {
        onNewLeader.add(c);
        return this;
    }

    @Override
    public boolean isLeader() {
        return leader && !closed;
    }

    public String identity() {
        return settings.identity();
    }

    public synchronized void start() {
        if (closed || running != null && !running.isDone()) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                .build();
        running = client.leaderElector().withConfig(config).build().start();
        running.whenComplete((ok, err) -> {
            leader = false;
            if (!closed) {
                LOG.infof("%s left the election (%s); rejoining as a candidate", settings.identity(),
                        err == null ? "lease lost" : err.getMessage());
                start();
            }
        });
    }

    private void started() {
        leader = true;
        LOG.infof("%s is the leader (lease %s/%s): it writes", settings.identity(), settings.namespace(),
                settings.leaseName());
        onStart.forEach(Runnable::run);
    }

    private void stopped() {
        leader = false;
        LOG.infof("%s stopped leading: it only observes", settings.identity());
        onStop.forEach(Runnable::run);
    }

    private void newLeader(String who) {
        onNewLeader.forEach(c -> c.accept(who));
    }

    /** Leaves the election; a leader releases the lease so the other instance takes over at once. */
    @Override
    public synchronized void close() {
        closed = true;
        leader = false;
        if (running != null) {
            running.cancel(true);
        }
    }
}
