package io.skaler.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The documented Slinky + KEDA autoscaling, modelled on the virtual clock, driving the same simulators as skaler:
 * Prometheus scrapes {@code slurm_partition_jobs_pending} every 30 s; KEDA polls every 30 s and alone takes a NodeSet
 * from 0 to {@code minReplicas} (and back to 0 after the cooldown); the HPA syncs every 15 s and sets
 * {@code ceil(pending / threshold)}, growing at most by its default policy (double or +4 per sync) and shrinking to the
 * highest recommendation of its stabilization window. Pending counts array tasks one each and includes held jobs,
 * as Slurm's metric does.
 */
public final class KedaModel {
    /** Reads and writes NodeSet replicas (through the API server in the sandbox, in memory in tests). */
    public interface Replicas {
        int get(String nodeSet);

        void set(String nodeSet, int replicas, Instant at);
    }

    private record Recommendation(Instant at, int replicas) {
    }

    private final VirtualClock clock;
    private final KedaSettings settings;
    private final List<SandboxNodeSet> nodeSets;
    private final ToIntFunction<String> pendingInPartition;
    private final Replicas replicas;
    private final Map<String, Integer> scraped = new HashMap<>();
    private final Map<String, Instant> lastActive = new HashMap<>();
    private final Map<String, Deque<Recommendation>> window = new HashMap<>();
    private volatile boolean running;

    public KedaModel(VirtualClock clock, KedaSettings settings, List<SandboxNodeSet> nodeSets,
            ToIntFunction<String> pendingInPartition, Replicas replicas) {
        this.clock = clock;
        this.settings = settings;
        this.nodeSets = List.copyOf(nodeSets);
        this.pendingInPartition = pendingInPartition;
        this.replicas = replicas;
    }

    public void start(Instant at) {
        running = true;
        every(at.plus(settings.scrapePhase()), settings.scrapeInterval(), this::scrape);
        every(at.plus(settings.pollPhase()), settings.pollingInterval(), this::poll);
        every(at.plus(settings.hpaPhase()), settings.hpaSyncPeriod(), this::hpaSync);
    }

    public void stop() {
        running = false;
    }

    private void every(Instant first, Duration period, Runnable action) {
        clock.schedule(first, () -> {
            if (running) {
                action.run();
                every(first.plus(period), period, action);
            }
        });
    }

    synchronized void scrape() {
        for (var ns : nodeSets) {
            scraped.put(ns.name(), pendingInPartition.applyAsInt(ns.partition()));
        }
    }

    /** KEDA's own loop: activation 0 -> min, and back to 0 after the cooldown with nothing pending. */
    synchronized void poll() {
        Instant now = clock.now();
        for (var ns : nodeSets) {
            int pending = scraped.getOrDefault(ns.name(), 0);
            int current = replicas.get(ns.name());
            if (pending > 0) {
                lastActive.put(ns.name(), now);
                if (current == 0) {
                    replicas.set(ns.name(), Math.min(settings.minReplicas(), ns.maxNodes()), now);
                }
            } else if (current > 0) {
                Instant since = lastActive.getOrDefault(ns.name(), Instant.MIN);
                if (!since.plus(settings.cooldown()).isAfter(now)) {
                    replicas.set(ns.name(), 0, now);
                    window.remove(ns.name());
                }
            }
        }
    }

    /** The HPA between 1 and N: proportional target, bounded growth, stabilized shrink. */
    synchronized void hpaSync() {
        Instant now = clock.now();
        for (var ns : nodeSets) {
            int current = replicas.get(ns.name());
            if (current == 0) {
                continue; // KEDA keeps the HPA idle at zero
            }
            int pending = scraped.getOrDefault(ns.name(), 0);
            int desired = clamp(ceilDiv(pending, settings.threshold()), ns);
            var recs = window.computeIfAbsent(ns.name(), k -> new ArrayDeque<>());
            recs.addLast(new Recommendation(now, desired));
            while (!recs.isEmpty() && recs.peekFirst().at.plus(settings.scaleDownStabilization()).isBefore(now)) {
                recs.removeFirst();
            }
            if (desired > current) {
                replicas.set(ns.name(), Math.min(desired, maxGrowth(current)), now);
            } else if (desired < current) {
                int stabilized = recs.stream().mapToInt(Recommendation::replicas).max().orElse(desired);
                if (stabilized < current) {
                    replicas.set(ns.name(), stabilized, now);
                }
            }
        }
    }

    private int clamp(int desired, SandboxNodeSet ns) {
        return Math.max(settings.minReplicas(), Math.min(ns.maxNodes(), desired));
    }

    /** HPA's default scale-up policy: the larger of doubling and adding 4 pods per sync period. */
    static int maxGrowth(int current) {
        return Math.max(current * 2, current + 4);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * When the first scale-up reaches a NodeSet at zero after demand appears at {@code t}: the next scrape at or after
     * {@code t}, then the next KEDA poll at or after that scrape.
     */
    public static Instant firstActivation(Instant t, Instant start, KedaSettings s) {
        Instant scrape = nextTick(t, start.plus(s.scrapePhase()), s.scrapeInterval());
        return nextTick(scrape, start.plus(s.pollPhase()), s.pollingInterval());
    }

    /** Likewise for a NodeSet already at one replica or more: the next scrape, then the next HPA sync. */
    public static Instant firstHpaScaleUp(Instant t, Instant start, KedaSettings s) {
        Instant scrape = nextTick(t, start.plus(s.scrapePhase()), s.scrapeInterval());
        return nextTick(scrape, start.plus(s.hpaPhase()), s.hpaSyncPeriod());
    }

    /** The first instant {@code first + k*period} (k >= 0) at or after {@code t}. */
    static Instant nextTick(Instant t, Instant first, Duration period) {
        if (!t.isAfter(first)) {
            return first;
        }
        long p = period.toMillis();
        long k = (Duration.between(first, t).toMillis() + p - 1) / p;
        return first.plus(period.multipliedBy(k));
    }
}
