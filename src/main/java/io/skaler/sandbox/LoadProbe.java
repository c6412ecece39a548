package io.skaler.sandbox;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.loop.CycleOutcome;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the load run measures, from the JVM and from skaler's own registry and loop status: heap used after every
 * garbage collection, each cycle's duration and result, and Kubernetes writes per second (sampled each second from
 * {@code skaler.kube.writes}, dry-run writes excluded).
 */
final class LoadProbe implements AutoCloseable {

    /** One cycle as the loop reported it. */
    record Cycle(CycleOutcome.Result result, Duration total, Duration fetch, Duration plan, Duration apply) {
    }

    private final MeterRegistry registry;
    private final SkalerUnderLoad skaler;
    private final AtomicLong maxHeapAfterGc = new AtomicLong();
    private final AtomicLong gcs = new AtomicLong();
    private final List<Cycle> cycles = new ArrayList<>();
    private final List<Double> writesPerSecond = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener onGc = (n, handback) -> afterGc(n.getUserData());
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final Thread sampler;
    private volatile boolean running = true;
    private long cyclesSeen;
    private long missedCycles;

    LoadProbe(MeterRegistry registry, SkalerUnderLoad skaler) {
        this.registry = registry;
        this.skaler = skaler;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(onGc, n -> n.getType()
                        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION), null);
                emitters.add(e);
            }
        }
        sampler = new Thread(this::sample, "load-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void afterGc(Object data) {
        var info = GarbageCollectionNotificationInfo.from((CompositeData) data);
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        gcs.incrementAndGet();
        maxHeapAfterGc.accumulateAndGet(used, Math::max);
    }

    /** Every 20 ms: a new cycle? Every second: the writes counter. */
    private void sample() {
        long nextSecond = System.nanoTime() + 1_000_000_000L;
        double lastWrites = writes();
        while (running) {
            var status = skaler.status();
            if (status.cycles() > cyclesSeen && status.lastOutcome().isPresent()) {
                missedCycles += status.cycles() - cyclesSeen - 1;
                cyclesSeen = status.cycles();
                record(status.lastOutcome().get());
            }
            if (System.nanoTime() >= nextSecond) {
                double w = writes();
                synchronized (this) {
                    writesPerSecond.add(w - lastWrites);
                }
                lastWrites = w;
                nextSecond += 1_000_000_000L;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(CycleOutcome o) {
        Duration total = o.phases().values().stream().reduce(Duration.ZERO, Duration::plus);
        cycles.add(new Cycle(o.result(), total, o.phases().getOrDefault("fetch", Duration.ZERO),
                o.phases().getOrDefault("plan", Duration.ZERO), o.phases().getOrDefault("apply", Duration.ZERO)));
    }

    private double writes() {
        return registry.find("skaler.kube.writes").counters().stream()
                .filter(c -> !"dry_run".equals(c.getId().getTag("result"))).mapToDouble(Counter::count).sum();
    }

    long maxHeapAfterGc() {
        return maxHeapAfterGc.get();
    }

    long gcCount() {
        return gcs.get();
    }

    synchronized List<Cycle> cycles() {
        return List.copyOf(cycles);
    }

    synchronized long missedCycles() {
        return missedCycles;
    }

    synchronized List<Double> writesPerSecond() {
        return List.copyOf(writesPerSecond);
    }

    double totalWrites() {
        return writes();
    }

    synchronized Map<CycleOutcome.Result, Integer> results() {
        var out = new EnumMap<CycleOutcome.Result, Integer>(CycleOutcome.Result.class);
        cycles.forEach(c -> out.merge(c.result(), 1, Integer::sum));
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (var e : emitters) {
            try {
                e.removeNotificationListener(onGc);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
