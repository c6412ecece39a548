package io.skaler.loop;

import io.skaler.kube.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.kube.ExecutorSettings;
import io.skaler.kube.ForeignWrite;
import io.skaler.model.NamespaceCoverage;
import io.skaler.kube.KubeLeader;
import io.skaler.kube.KubeMetrics;
import io.skaler.kube.KubeView;
import io.skaler.kube.KubeViewSettings;
import io.skaler.kube.PlanExecutor;
import io.skaler.kube.Sleeper;
import io.skaler.metrics.SkalerMetrics;
import io.skaler.model.Plan;
import io.skaler.planner.PlanBudget;
import io.skaler.planner.Planner;
import io.skaler.policy.PolicyParser;
import io.skaler.slurm.MetricsCrossCheck;
import io.skaler.slurm.SlurmMetricsReader;
import io.skaler.slurm.SlurmReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The whole service, assembled from its parts without a framework: the Quarkus bean and the sandbox both build one.
 * Observe (Slurm reader, Kubernetes informers), decide (the pure planner), act (the executor, leader only), report.
 */
public final class Autoscaler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Autoscaler.class);

    private final KubeView view;
    private final PlanExecutor executor;
    private final Optional<KubeLeader> leader;
    private final PolicyHolder policies;
    private final LoopEngine engine;
    private final SlurmSource slurm;
    private final Optional<SlurmReaderSource> slurmReader;
    private final Clock clock;
    private final LoopConfig loopSettings;
    private volatile ScheduledExecutorService timers;

    /**
     * @param leaderElection empty: this instance always leads (one replica, the sandbox, tests)
     */
    public record Settings(KubeViewSettings view, ExecutorSettings executor, LoopConfig loop,
            Optional<KubeLeader.Settings> leaderElection) {
        public boolean dryRun() {
            return executor.dryRun();
        }
    }

    public Autoscaler(KubernetesClient kube, SlurmReader slurmReader, Settings settings, MeterRegistry registry,
            Clock clock) {
        this(kube, slurmReader, Optional.empty(), settings, registry, clock);
    }

    /** @param slurmMetrics Slurm's own metrics, read as a change signal and a cross-check (never to decide) */
    public Autoscaler(KubernetesClient kube, SlurmReader slurmReader, Optional<SlurmMetricsReader> slurmMetrics,
            Settings settings, MeterRegistry registry, Clock clock) {
        this(kube, new SlurmReaderSource(slurmReader, clock), slurmMetrics, settings, registry, clock);
    }

    /**
     * On a clock of its own with its own timer (the sandbox's virtual clock): a cycle a plan asks for at an instant
     * of {@code clock} runs when {@code wakeUps} says that instant came.
     */
    public Autoscaler(KubernetesClient kube, SlurmReader slurmReader, Settings settings, MeterRegistry registry,
            Clock clock, WakeUpTimer wakeUps) {
        this(kube, new SlurmReaderSource(slurmReader, clock), Optional.empty(), settings, registry, clock,
                System::nanoTime, Optional.of(wakeUps));
    }

    /** With any Slurm source: the service passes the reader's, tests an in-process one. */
    Autoscaler(KubernetesClient kube, SlurmSource slurmSource, Optional<SlurmMetricsReader> slurmMetrics,
            Settings settings, MeterRegistry registry, Clock clock) {
        this(kube, slurmSource, slurmMetrics, settings, registry, clock, System::nanoTime);
    }

    /**
     * @param cycleTicker nanoseconds of elapsed time for the cycle's phases, its end and its timeout: real time in
     *                    the service; a test that moves its own clock passes that clock, so a slow machine moves no
     *                    timestamp it asserts
     */
    Autoscaler(KubernetesClient kube, SlurmSource slurmSource, Optional<SlurmMetricsReader> slurmMetrics,
            Settings settings, MeterRegistry registry, Clock clock, java.util.function.LongSupplier cycleTicker) {
        this(kube, slurmSource, slurmMetrics, settings, registry, clock, cycleTicker, Optional.empty());
    }

    private Autoscaler(KubernetesClient kube, SlurmSource slurmSource, Optional<SlurmMetricsReader> slurmMetrics,
            Settings settings, MeterRegistry registry, Clock clock, java.util.function.LongSupplier cycleTicker,
            Optional<WakeUpTimer> wakeUps) {
        this.clock = clock;
        this.loopSettings = settings.loop();
        this.view = new KubeView(kube, settings.view(), clock);
        this.leader = settings.leaderElection().map(s -> new KubeLeader(kube, s));
        Leadership leadership = leader.<Leadership>map(l -> l::isLeader).orElse(Leadership.ALWAYS);
        var metrics = SkalerMetrics.on(registry);
        this.executor = new PlanExecutor(kube, view, leadership,
                settings.executor(),
                new KubeMetrics(registry), clock, Sleeper.REAL);
        this.policies = new PolicyHolder(PolicyParser::parse);
        this.slurmReader = slurmSource instanceof SlurmReaderSource r ? Optional.of(r) : Optional.empty();
        this.slurm = slurmMetrics.<SlurmSource>map(m -> new CrossCheckedSlurmSource(slurmSource, m,
                new MetricsCrossCheck(registry))).orElse(slurmSource);
        PlanFunction planner = (snapshot, policy, now, budget) ->
                Planner.plan(snapshot, policy, now, PlanBudget.of(budget, System::nanoTime));
        var runner = new CycleRunner(slurm, new KubeViewSource(view, clock), policies, planner,
                new ExecutorApplier(executor), leadership, clock, cycleTicker,
                new CycleRunner.Settings(settings.loop().cycleTimeout(), settings.loop().planBudget(),
                        settings.dryRun()));
        // batching is about real time (debouncing bursts), whatever clock the domain runs on
        var queue = new TriggerQueue(Clock.systemUTC(), settings.loop().batchIdle(), settings.loop().batchMax());
        var reporter = new CycleReporter(metrics, leadership, () -> policies.active()
                .map(a -> a.policy().partitions().stream().flatMap(p -> p.nodeSets().stream())
                        .map(n -> n.ref()).toList())
                .orElse(List.of()));
        // a wake-up for a job entering its look-ahead waits on the clock's own time: the timer thread's here, the
        // virtual clock's in the sandbox; never sooner than a batching window after the cycle that asked for it
        WakeUpTimer timer = wakeUps.orElse(WakeUpTimer.on(() -> timers, clock));
        this.engine = new LoopEngine(queue, runner, policies, leadership, clock, settings.dryRun(),
                reporter::report, timer, settings.loop().batchMax());
        view.onPolicyText(text -> text.ifPresentOrElse(t -> {
            var verdict = policies.offer(t.text(), t.namespace() + "/" + t.configMap() + "@" + t.resourceVersion(),
                    clock.instant());
            verdict.ifPresent(v -> reporter.policy(v, t.namespace() + "/" + t.configMap()));
            engine.trigger(Trigger.Source.POLICY, "policy ConfigMap changed");
        }, () -> LOG.warn("policy ConfigMap is missing; the last good policy stays in force")));
        view.onChange(what -> engine.trigger(Trigger.Source.KUBE_WATCH, what));
    }

    /** Starts informers, leader election, the loop thread, and the timers of the Slurm probe and the resync. */
    public synchronized void start() {
        startObserving();
        var executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "skaler-timers");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true); // a replaced wake-up leaves no task behind
        timers = executor; // before the loop's first cycle, which may already set a wake-up
        engine.start();
        every(loopSettings.slurmPollInterval(), this::pollSlurm);
        every(loopSettings.resyncInterval(), this::resync);
        LOG.infof("skaler loop started (Slurm probe every %s, resync every %s)", loopSettings.slurmPollInterval(),
                loopSettings.resyncInterval());
    }

    private void every(Duration period, Runnable task) {
        long ms = Math.max(10, period.toMillis());
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) { // a timer that throws is cancelled by the executor: never let it
                LOG.warnf("timer task failed: %s", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the Kubernetes view (and leader election) but no loop thread: cycles then run only through
     * {@link #runOnce()}, one at a time on the caller's thread, which deterministic tests need (with {@link #start()}
     * the loop thread would run cycles of its own beside them).
     */
    public void startObserving() {
        view.start();
        leader.ifPresent(l -> l.onStartLeading(() -> engine.trigger(Trigger.Source.STARTUP, "became leader")).start());
    }

    /** The cheap Slurm probe; a change (or a failure, which the next cycle will report) triggers a cycle. */
    public void pollSlurm() {
        var change = slurm.changedSinceLastRead();
        if (change != SlurmSource.Change.UNCHANGED) {
            engine.trigger(Trigger.Source.SLURM_CHANGE, "slurm: " + change);
        }
    }

    public void resync() {
        engine.trigger(Trigger.Source.RESYNC, "periodic resync");
    }

    public void trigger(String detail) {
        engine.trigger(Trigger.Source.HTTP, detail);
    }

    public LoopStatus status() {
        return engine.status();
    }

    public Optional<Plan> lastPlan() {
        return engine.status().lastOutcome().flatMap(CycleOutcome::plan);
    }

    public boolean ready(Duration maxAge) {
        return engine.healthy(maxAge);
    }

    public Optional<String> slurmApiVersion() {
        return slurmReader.flatMap(SlurmReaderSource::lastApiVersion);
    }

    /** How the job list is read now, for {@code /api/v1/status}. */
    public Optional<io.skaler.slurm.JobsReadState> slurmJobsRead() {
        return slurmReader.map(SlurmReaderSource::jobsReadState);
    }

    /** What the last Slurm read noticed in its input, for the plan's {@code inputProblems}. */
    public java.util.List<String> slurmProblems() {
        return slurmReader.map(SlurmReaderSource::lastProblems).orElse(java.util.List.of());
    }

    public boolean synced() {
        return view.staleReason().isEmpty();
    }

    public Optional<String> kubeStaleReason() {
        return view.staleReason();
    }

    /** The namespaces the Kubernetes view sees now. */
    public NamespaceCoverage namespaceCoverage() {
        return view.coverage();
    }

    /** Writes by other field managers to fields skaler sets, found in the last leader cycle. */
    public List<ForeignWrite> foreignWrites() {
        return executor.foreignWrites();
    }

    /** Runs one cycle on the caller's thread (deterministic mode for tests and the sandbox). */
    public CycleOutcome runOnce() {
        return engine.runOnce();
    }

    @Override
    public synchronized void close() {
        if (timers != null) {
            timers.shutdownNow();
        }
        engine.close();
        leader.ifPresent(KubeLeader::close);
        view.close();
    }
}
