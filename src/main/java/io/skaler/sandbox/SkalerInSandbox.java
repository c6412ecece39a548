package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.kube.ExecutorSettings;
import io.skaler.kube.KubeViewSettings;
import io.skaler.loop.Autoscaler;
import io.skaler.loop.LoopSettings;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import io.skaler.slurm.SlurmReader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The real skaler (the same {@link Autoscaler} the service runs: HTTP client, parsers, informers, planner, executor)
 * plugged into a sandbox run. Only the clock differs: skaler reads "now" from the run's virtual clock, because
 * Slurm's timestamps are virtual.
 */
public final class SkalerInSandbox implements SandboxAutoscaler {
    static final String POLICY_NAMESPACE = "skaler";
    static final String POLICY_CONFIG_MAP = "skaler-policy";

    private final Scenario scenario;
    private final boolean dryRun;
    private LoopSettings loop;
    private final TokenSource token;
    private final Duration idleFor;
    private final Duration stabilization;
    private Autoscaler autoscaler;
    private long startedNanos;
    private SlurmClient slurmClient;
    private java.io.PrintStream decisionsOut;
    private java.util.function.LongFunction<String> elapsed;
    private DecisionPrinter printer;
    private String policyText;
    private boolean anticipation = true;

    public SkalerInSandbox(Scenario scenario, boolean dryRun) {
        this(scenario, dryRun, 1);
    }

    /**
     * @param speed the run's virtual seconds per real second: the full resync (the service's 30 s safety net, which
     *              also re-plans when nothing changes, so idle nodes reach idleFor) keeps its 30 s of virtual time
     *              but no less than 5 s of real time; unscaled it would be 30 virtual minutes at 60x, and the nodes
     *              that become idle last would only be scaled in half an hour after idleFor. Not faster: a trigger
     *              every second would keep the batching window (idle 1 s) from ever closing before its 5 s maximum.
     */
    public SkalerInSandbox(Scenario scenario, boolean dryRun, double speed) {
        // the simulated slurmrestd takes any token; idleFor and the rest are virtual time
        this(scenario, dryRun, resync(speed), TokenSource.fixed(new Token("sandbox")), Duration.ofMinutes(10),
                Duration.ofMinutes(5));
    }

    /**
     * skaler against a real slurmrestd (the dev Slurm, {@code --slurm-url}): its token, and a policy in real time
     * short enough that scale-in is seen within a run of minutes.
     */
    public static SkalerInSandbox onRealSlurm(Scenario scenario, boolean dryRun, TokenSource token,
            Duration idleFor, Duration stabilization, Duration resync) {
        return new SkalerInSandbox(scenario, dryRun, resync, token, idleFor, stabilization);
    }

    private SkalerInSandbox(Scenario scenario, boolean dryRun, Duration resync, TokenSource token, Duration idleFor,
            Duration stabilization) {
        this.scenario = scenario;
        this.dryRun = dryRun;
        this.token = token;
        this.idleFor = idleFor;
        this.stabilization = stabilization;
        this.loop = LoopSettings.defaults().withResyncInterval(resync);
    }

    /** Runs skaler with this policy (the user's, {@code sandbox --policy}) instead of one written from the scenario. */
    public SkalerInSandbox withPolicyText(String yaml) {
        this.policyText = yaml;
        return this;
    }

    /** {@code sandbox --no-anticipation}: the bundled policy with {@code scaleUp.lookAhead: 0s}. */
    public SkalerInSandbox withoutAnticipation() {
        this.anticipation = false;
        return this;
    }

    /**
     * With this full resync instead (wall time): a test that must see which cycles other triggers run sets it beyond
     * the run, so the resync's arbitrary phase cannot stand in for them.
     */
    SkalerInSandbox withResync(Duration resync) {
        this.loop = loop.withResyncInterval(resync);
        return this;
    }

    private static Duration resync(double speed) {
        long full = LoopSettings.defaults().resyncInterval().toMillis();
        return Duration.ofMillis(Math.min(Math.max(5000, (long) (full / Math.max(1, speed))), full));
    }

    @Override
    public void start(URI slurmUrl, KubernetesClient kube) {
        start(slurmUrl, kube, Clock.systemUTC());
    }

    @Override
    public void start(URI slurmUrl, KubernetesClient kube, Clock virtualClock) {
        startedNanos = System.nanoTime();
        String policy = policyText != null ? policyText
                : SandboxPolicy.yaml(scenario, idleFor, stabilization, Duration.ofMinutes(20), anticipation);
        kube.configMaps().inNamespace(POLICY_NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(POLICY_CONFIG_MAP).withNamespace(POLICY_NAMESPACE).endMetadata()
                .withData(Map.of("policy.yaml", policy)).build()).create();
        var registry = new SimpleMeterRegistry();
        var client = new SlurmClient(SlurmClientSettings.of(slurmUrl), token, registry);
        slurmClient = client;
        // Incremental reading spends wall-clock budgets per cycle (docs/slurm.md, "Large queues"); on a replay at 60x
        // those stretch 60-fold in the run's time, and the 10,000-job burst was still unread 12 virtual hours later.
        // The simulated slurmrestd builds a whole list in milliseconds, so a replay reads it whole, as skaler did before
        // issue 14; against a real Slurm (wall clock) skaler reads as the service does.
        boolean replay = !virtualClock.equals(Clock.systemUTC());
        var reader = replay
                ? new SlurmReader(client, ParseLimits.DEFAULT, SlurmReader.DEFAULT_FULL_READ_INTERVAL, virtualClock,
                        Integer.MAX_VALUE, io.skaler.slurm.IncrementalJobs.Settings.DEFAULTS)
                : new SlurmReader(client, ParseLimits.DEFAULT, SlurmReader.DEFAULT_FULL_READ_INTERVAL, virtualClock);
        var view = new KubeViewSettings(scenario.namespace(), "v1beta1", POLICY_NAMESPACE, POLICY_CONFIG_MAP, Map.of());
        var executor = ExecutorSettings.defaults("skaler-sandbox").withDryRun(dryRun);
        var settings = new Autoscaler.Settings(view, executor, loop, Optional.empty());
        // a wake-up for a job entering its look-ahead is an instant of virtual time: the virtual clock runs it then
        autoscaler = virtualClock instanceof VirtualClock.JavaClock v
                ? new Autoscaler(kube, reader, settings, registry, virtualClock, (at, action) -> {
                    v.schedule(at, action);
                    return () -> { }; // a replaced one finds itself replaced when it runs, and does nothing
                })
                : new Autoscaler(kube, reader, settings, registry, virtualClock);
        if (decisionsOut != null) {
            printer = new DecisionPrinter(autoscaler::status, decisionsOut, elapsed, virtualClock, dryRun);
        }
        autoscaler.start();
    }

    /** Answer bytes skaler's Slurm client has read so far (0 before {@link #start}). */
    public long slurmBytesRead() {
        return slurmClient == null ? 0 : slurmClient.bytesRead();
    }

    @Override
    public boolean ready() {
        return autoscaler != null && autoscaler.synced() && autoscaler.status().policy().isPresent();
    }

    /** Slurm lists at least {@code jobs} jobs and skaler has read every pending one of them at least once. */
    public boolean jobsRead(int jobs) {
        return autoscaler != null && autoscaler.slurmJobsRead()
                .filter(s -> s.listed() >= jobs && s.unread() == 0).isPresent();
    }

    /** {@link System#nanoTime()} when {@link #start} was called. */
    long startedNanos() {
        return startedNanos;
    }

    @Override
    public boolean printDecisions(java.io.PrintStream out, java.util.function.LongFunction<String> elapsed) {
        this.decisionsOut = out;
        this.elapsed = elapsed;
        return true;
    }

    @Override
    public void stop() {
        if (printer != null) {
            printer.close();
        }
        if (autoscaler != null) {
            autoscaler.close();
        }
    }

    @Override
    public String name() {
        return "skaler";
    }
}
