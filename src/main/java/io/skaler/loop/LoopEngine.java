package io.skaler.loop;

import io.skaler.kube.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs cycles one at a time on its own thread: waits for a batch of triggers, runs one {@link CycleRunner} cycle,
 * publishes the outcome. Framework-free so it is tested as it runs in production; the Quarkus bean only starts it.
 */
public final class LoopEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LoopEngine.class);

    private final TriggerQueue queue;
    private final CycleRunner runner;
    private final PolicyHolder policies;
    private final Leadership leadership;
    private final Clock clock;
    private final Consumer<CycleOutcome> listener;
    private final AtomicReference<LoopStatus> status;
    private final WakeUp wakeUp;
    private volatile Thread thread;
    private volatile boolean stopping;

    public LoopEngine(TriggerQueue queue, CycleRunner runner, PolicyHolder policies, Leadership leadership,
            Clock clock, boolean dryRun, Consumer<CycleOutcome> listener) {
        this(queue, runner, policies, leadership, clock, dryRun, listener, WakeUpTimer.NONE, Duration.ZERO);
    }

    /**
     * @param wakeUps          sets the cycle a plan asks for when a job enters its look-ahead ({@link WakeUp})
     * @param minWakeUpInterval a wake-up is never sooner than this after the cycle that set it
     */
    public LoopEngine(TriggerQueue queue, CycleRunner runner, PolicyHolder policies, Leadership leadership,
            Clock clock, boolean dryRun, Consumer<CycleOutcome> listener, WakeUpTimer wakeUps,
            Duration minWakeUpInterval) {
        this.wakeUp = new WakeUp(wakeUps, minWakeUpInterval, why -> trigger(Trigger.Source.WAKE_UP, why));
        this.queue = queue;
        this.runner = runner;
        this.policies = policies;
        this.leadership = leadership;
        this.clock = clock;
        this.listener = Objects.requireNonNull(listener);
        this.status = new AtomicReference<>(LoopStatus.initial(dryRun));
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        stopping = false;
        thread = new Thread(this::run, "skaler-loop");
        thread.setDaemon(true);
        thread.start();
        trigger(Trigger.Source.STARTUP, "loop started");
    }

    public void trigger(Trigger.Source source, String detail) {
        queue.offer(new Trigger(source, clock.instant(), detail));
    }

    /** Runs one cycle now on the caller's thread (used by tests and the sandbox's deterministic mode). */
    public CycleOutcome runOnce() {
        return publish(runner.run());
    }

    public LoopStatus status() {
        return status.get().withPolicy(policies);
    }

    /** True when a cycle succeeded within {@code maxAge}: what readiness means. */
    public boolean healthy(Duration maxAge) {
        Instant cutoff = clock.instant().minus(maxAge);
        return status.get().lastSuccessAt().map(t -> t.isAfter(cutoff)).orElse(false);
    }

    private void run() {
        while (!stopping) {
            try {
                var batch = queue.awaitBatch(Duration.ofSeconds(60));
                if (stopping) {
                    return;
                }
                if (!batch.isEmpty()) {
                    publish(runner.run());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // the runner reports its own errors; this is a last guard for the thread
                publish(new CycleOutcome(CycleOutcome.Result.ERROR, "loop: " + e, clock.instant(),
                        java.util.Map.of(), java.util.Optional.empty(), PlanApplier.ApplyReport.nothing(),
                        java.util.Optional.empty()));
            }
        }
    }

    /** The cycle a plan asked for, when a job enters its look-ahead, if one is set. */
    public java.util.Optional<Instant> pendingWakeUp() {
        return wakeUp.pending();
    }

    private synchronized CycleOutcome publish(CycleOutcome outcome) {
        outcome.plan().ifPresent(p -> wakeUp.after(p, outcome.startedAt()));
        status.set(status.get().after(outcome, leadership.isLeader(), policies));
        try {
            listener.accept(outcome);
        } catch (RuntimeException e) { // a failing reporter (metrics, log) must not stop decisions, nor go unseen
            LOG.warnf("reporting the %s cycle failed: %s", outcome.result(), e.toString());
        }
        return outcome;
    }

    @Override
    public void close() {
        stopping = true;
        queue.close();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }
}
