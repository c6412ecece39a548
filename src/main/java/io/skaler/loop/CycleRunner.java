package io.skaler.loop;

import io.skaler.kube.BootTimeLearner;
import io.skaler.kube.ExecutionContext;
import io.skaler.kube.Leadership;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.Plan;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmSnapshot;
import io.skaler.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * One cycle: read both sources, plan, apply. The safety rules live here, once: no valid policy, a source that is
 * not fresh, or a cycle out of time means no action at all (capacity stays where it is); a follower plans but does
 * not write. Everything the cycle needs is re-read from the sources, so nothing survives in memory between cycles
 * that a restart would lose.
 */
public final class CycleRunner {
    private final SlurmSource slurm;
    private final KubeSource kube;
    private final PolicyHolder policy;
    private final PlanFunction planner;
    private final PlanApplier applier;
    private final Leadership leadership;
    private final Clock clock;
    private final LongSupplier ticker;
    private final Settings settings;
    /** The Kubernetes view of the cycle under way, for the outcome; cycles never overlap. */
    private KubeSnapshot observedKube;

    /**
     * @param cycleTimeout  a cycle that has not reached the apply phase by then does nothing
     * @param planBudget    the planner's time budget (a partial plan beyond it)
     * @param dryRun        compute and report, never write
     */
    public record Settings(Duration cycleTimeout, Duration planBudget, boolean dryRun) {
    }

    public CycleRunner(SlurmSource slurm, KubeSource kube, PolicyHolder policy, PlanFunction planner,
            PlanApplier applier, Leadership leadership, Clock clock, Settings settings) {
        this(slurm, kube, policy, planner, applier, leadership, clock, System::nanoTime, settings);
    }

    /**
     * @param clock  the domain's "now" (what Slurm timestamps are compared with; virtual in the sandbox)
     * @param ticker nanoseconds of real elapsed time, for phase durations and the cycle timeout
     */
    public CycleRunner(SlurmSource slurm, KubeSource kube, PolicyHolder policy, PlanFunction planner,
            PlanApplier applier, Leadership leadership, Clock clock, LongSupplier ticker, Settings settings) {
        this.slurm = slurm;
        this.kube = kube;
        this.policy = policy;
        this.planner = planner;
        this.applier = applier;
        this.leadership = leadership;
        this.clock = clock;
        this.ticker = ticker;
        this.settings = settings;
    }

    public CycleOutcome run() {
        observedKube = null;
        Instant start = clock.instant();
        long startTick = ticker.getAsLong();
        Map<String, Duration> phases = new LinkedHashMap<>();
        try {
            return runPhases(start, startTick, phases);
        } catch (RuntimeException e) { // a bug must not kill the loop; the next cycle starts from observed state
            return outcome(CycleOutcome.Result.ERROR, "unexpected error: " + e, start, phases, Optional.empty(),
                    PlanApplier.ApplyReport.nothing());
        }
    }

    private CycleOutcome runPhases(Instant start, long startTick, Map<String, Duration> phases) {
        var active = policy.active();
        if (active.isEmpty()) {
            return outcome(CycleOutcome.Result.NO_POLICY, "no valid policy accepted yet", start, phases,
                    Optional.empty(), PlanApplier.ApplyReport.nothing());
        }
        long t = ticker.getAsLong();
        Observation<SlurmSnapshot> slurmRead = slurm.read();
        Observation<KubeSnapshot> kubeRead = kube.read();
        t = lap(phases, "fetch", t);
        splitParse(phases, slurm.lastParseTime());
        if (slurmRead instanceof Observation.Unavailable<SlurmSnapshot> u) {
            return stale(u, start, phases);
        }
        if (kubeRead instanceof Observation.Unavailable<KubeSnapshot> u) {
            return stale(u, start, phases);
        }
        SlurmSnapshot slurmSnapshot = ((Observation.Fresh<SlurmSnapshot>) slurmRead).value();
        KubeSnapshot kubeSnapshot = ((Observation.Fresh<KubeSnapshot>) kubeRead).value();
        observedKube = kubeSnapshot;

        Instant now = clock.instant();
        Plan plan = planner.plan(new Snapshot(slurmSnapshot, kubeSnapshot), active.get().policy(), now,
                settings.planBudget());
        t = lap(phases, "plan", t);

        if (Duration.ofNanos(ticker.getAsLong() - startTick).compareTo(settings.cycleTimeout()) > 0) {
            return outcome(CycleOutcome.Result.TIMEOUT, "cycle exceeded " + settings.cycleTimeout()
                    + " before applying; nothing written", start, phases, Optional.of(plan),
                    PlanApplier.ApplyReport.nothing());
        }
        if (!leadership.isLeader()) {
            return outcome(CycleOutcome.Result.FOLLOWER, "not the leader; plan computed, not applied", start, phases,
                    Optional.of(plan), PlanApplier.ApplyReport.nothing());
        }
        var busy = slurmSnapshot.nodes().stream().filter(SlurmNode::runsJobs).map(SlurmNode::name)
                .collect(Collectors.toSet());
        Duration left = settings.cycleTimeout().minus(Duration.ofNanos(ticker.getAsLong() - startTick));
        var report = applier.apply(plan,
                new ExecutionContext(settings.dryRun(), busy, Optional.of(left), registrations(slurmSnapshot)));
        lap(phases, "apply", t);
        var result = plan.partial() ? CycleOutcome.Result.PARTIAL : CycleOutcome.Result.OK;
        String detail = (settings.dryRun() ? "dry-run: " : "") + report.applied().size() + " applied, "
                + report.held().size() + " held, " + report.failed().size() + " failed";
        return outcome(result, detail, start, phases, Optional.of(plan), report);
    }

    private CycleOutcome stale(Observation.Unavailable<?> u, Instant start, Map<String, Duration> phases) {
        return new CycleOutcome(CycleOutcome.Result.STALE,
                u.source().label() + ": " + u.reason() + "; holding capacity", start, phases, Optional.empty(),
                PlanApplier.ApplyReport.nothing(), Optional.ofNullable(observedKube), Optional.of(u.source()));
    }

    /** Slurm's view of each registered node, joined here to the pods the executor learns boot times from. */
    static Map<String, BootTimeLearner.Registration> registrations(SlurmSnapshot slurm) {
        Map<String, BootTimeLearner.Registration> out = new java.util.HashMap<>();
        for (SlurmNode n : slurm.nodes()) {
            if (n.slurmdStartedAt() > 0) {
                out.put(n.name(), new BootTimeLearner.Registration(Instant.ofEpochSecond(n.slurmdStartedAt()),
                        n.state().up()));
            }
        }
        return out;
    }

    /** Moves the answers' streamed parse out of the fetch phase, so fetch is slurmrestd's and the API's own time. */
    private static void splitParse(Map<String, Duration> phases, Duration parse) {
        Duration fetch = phases.get("fetch");
        if (parse.isZero() || parse.isNegative() || fetch == null) {
            return;
        }
        Duration parsed = parse.compareTo(fetch) > 0 ? fetch : parse;
        phases.put("fetch", fetch.minus(parsed));
        phases.put("parse", parsed);
    }

    private long lap(Map<String, Duration> phases, String phase, long since) {
        long now = ticker.getAsLong();
        phases.put(phase, Duration.ofNanos(now - since));
        return now;
    }

    private CycleOutcome outcome(CycleOutcome.Result result, String detail, Instant start,
            Map<String, Duration> phases, Optional<Plan> plan, PlanApplier.ApplyReport report) {
        return new CycleOutcome(result, detail, start, phases, plan, report, Optional.ofNullable(observedKube));
    }
}
