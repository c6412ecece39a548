package io.skaler.loop;

import io.skaler.kube.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.skaler.kube.ExecutorSettings;
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
import io.skaler.slurm.SlurmReader;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The whole service, assembled from its parts without a framework: the Quarkus bean and the sandbox both build one.
 * Observe (Slurm reader, Kubernetes informers), decide (the pure planner), act (the executor, leader only), report.
 */
public final class Autoscaler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Autoscaler.class);

    private final KubeView view;
    private final Optional<KubeLeader> leader;
    private final PolicyHolder policies;
    private final LoopEngine engine;
    private final SlurmReaderSource slurm;
    private final Clock clock;

    /**
     * @param leaderElection empty: this instance always leads (one replica, the sandbox, tests)
     */
    public record Settings(KubeViewSettings view, ExecutorSettings executor, LoopConfig.Loop loop,
            Optional<KubeLeader.Settings> leaderElection) {
        public boolean dryRun() {
            return executor.dryRun();
        }
    }

    public Autoscaler(KubernetesClient kube, SlurmReader slurmReader, Settings settings, MeterRegistry registry,
            Clock clock) {
        this.clock = clock;
        this.view = new KubeView(kube, settings.view(), clock);
        this.leader = settings.leaderElection().map(s -> new KubeLeader(kube, s));
        Leadership leadership = leader.<Leadership>map(l -> l::isLeader).orElse(Leadership.ALWAYS);
        var metrics = new SkalerMetrics(registry);
        var executor = new PlanExecutor(kube, view, leadership,
                settings.executor(),
                new KubeMetrics(registry), clock, Sleeper.REAL);
        this.policies = new PolicyHolder(PolicyVerdicts::parse);
        this.slurm = new SlurmReaderSource(slurmReader, clock);
        PlanFunction planner = (snapshot, policy, now, budget) ->
                Planner.plan(snapshot, policy, now, PlanBudget.of(budget, System::nanoTime));
        var runner = new CycleRunner(slurm, new KubeViewSource(view, clock), policies, planner,
                new ExecutorApplier(executor), leadership, clock,
                new CycleRunner.Settings(settings.loop().cycleTimeout(), settings.loop().planBudget(),
                        settings.dryRun()));
        var queue = new TriggerQueue(clock, settings.loop().batchIdle(), settings.loop().batchMax());
        var reporter = new CycleReporter(metrics, leadership);
        this.engine = new LoopEngine(queue, runner, policies, leadership, clock, settings.dryRun(),
                reporter::report);
        view.onPolicyText(text -> text.ifPresentOrElse(t -> {
            var verdict = policies.offer(t.text(), t.namespace() + "/" + t.configMap() + "@" + t.resourceVersion(),
                    clock.instant());
            verdict.ifPresent(v -> reporter.policy(v, t.namespace() + "/" + t.configMap()));
            engine.trigger(Trigger.Source.POLICY, "policy ConfigMap changed");
        }, () -> LOG.warn("policy ConfigMap is missing; the last good policy stays in force")));
        view.onChange(what -> engine.trigger(Trigger.Source.KUBE_WATCH, what));
    }

    public void start() {
        startObserving();
        engine.start();
        LOG.info("skaler loop started");
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
        return slurm.lastApiVersion();
    }

    public boolean synced() {
        return view.staleReason().isEmpty();
    }

    public Optional<String> kubeStaleReason() {
        return view.staleReason();
    }

    /** Runs one cycle on the caller's thread (deterministic mode for tests and the sandbox). */
    public CycleOutcome runOnce() {
        return engine.runOnce();
    }

    @Override
    public void close() {
        engine.close();
        leader.ifPresent(KubeLeader::close);
        view.close();
    }
}
