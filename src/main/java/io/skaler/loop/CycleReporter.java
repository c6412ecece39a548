package io.skaler.loop;

import io.skaler.kube.Leadership;
import io.skaler.metrics.Labels;
import io.skaler.metrics.SkalerMetrics;
import io.skaler.model.ObjectRef;
import io.skaler.policy.PolicyResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Tells operators what each cycle did: metrics (closed label sets) and one log line per cycle that did something
 * or could not act. Decisions themselves are logged by the executor, on the objects it writes.
 */
final class CycleReporter {
    private static final Logger LOG = Logger.getLogger(CycleReporter.class);

    private final SkalerMetrics metrics;
    private final Leadership leadership;
    private final PlanReporter plans;
    private final Supplier<List<ObjectRef>> managed;
    private final ConditionLog conditions = new ConditionLog(java.time.Duration.ofMinutes(5));

    /** @param managed the NodeSets of the policy in force (a stale cycle holds each of them) */
    CycleReporter(SkalerMetrics metrics, Leadership leadership, Supplier<List<ObjectRef>> managed) {
        this.metrics = metrics;
        this.leadership = leadership;
        this.plans = new PlanReporter(metrics);
        this.managed = managed;
    }

    void report(CycleOutcome outcome) {
        outcome.phases().forEach((phase, took) -> metrics.cyclePhase(Labels.Phase.valueOf(phase.toUpperCase()), took));
        var finishedAt = outcome.startedAt().plus(outcome.phases().values().stream()
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus));
        metrics.cycle(cycleResult(outcome.result()), finishedAt);
        metrics.leader(leadership.isLeader());
        boolean slurmStale = outcome.staleSource().equals(Optional.of(Labels.Source.SLURM));
        boolean kubeStale = outcome.staleSource().equals(Optional.of(Labels.Source.KUBERNETES));
        metrics.sourceStale(Labels.Source.SLURM, slurmStale);
        metrics.sourceStale(Labels.Source.KUBERNETES, kubeStale);
        boolean applied = outcome.result() == CycleOutcome.Result.OK || outcome.result() == CycleOutcome.Result.PARTIAL;
        outcome.plan().ifPresent(plan -> plans.report(plan, readyByNodeSet(outcome), outcome.report(), applied));
        // the namespaces of the policy's NodeSets that this fresh view could not see (a stale cycle keeps the last)
        outcome.kube().ifPresent(k -> metrics.namespacesUnseen(managed.get().stream().map(ObjectRef::namespace)
                .distinct().filter(ns -> k.coverage().gap(ns).isPresent()).toList()));
        if (outcome.result() == CycleOutcome.Result.STALE && leadership.isLeader()) {
            plans.heldStale(managed.get());
        }
        switch (outcome.result()) {
            case OK, PARTIAL, FOLLOWER -> {
                if (!outcome.report().applied().isEmpty() || !outcome.report().failed().isEmpty()) {
                    LOG.infof("cycle %s: %s", outcome.result(), outcome.detail());
                }
                outcome.report().failed().forEach(f -> LOG.warnf("write failed: %s", f));
            }
            default -> {
            }
        }
        conditions.observe(condition(outcome, slurmStale, kubeStale), outcome.detail(), finishedAt).ifPresent(line -> {
            if (line.level() == ConditionLog.Level.WARN) {
                LOG.warn("cycle " + line.text());
            } else {
                LOG.info("cycle " + line.text());
            }
        });
    }

    /** The state a cycle that could not act is in; the same state cycle after cycle is logged once, then reminded. */
    private static String condition(CycleOutcome outcome, boolean slurmStale, boolean kubeStale) {
        return switch (outcome.result()) {
            case OK, PARTIAL, FOLLOWER -> "";
            case STALE -> slurmStale ? "STALE slurm" : kubeStale ? "STALE kubernetes" : "STALE";
            default -> outcome.result().name();
        };
    }

    void policy(PolicyResult verdict, String origin) {
        if (verdict instanceof PolicyResult.Valid accepted) {
            metrics.policyAccepted(accepted.policy().version());
            LOG.infof("policy from %s accepted (version %s)", origin, accepted.policy().version());
        } else if (verdict instanceof PolicyResult.Invalid rejected) {
            metrics.policyRejected();
            LOG.errorf("policy from %s rejected, the last good policy stays in force: %s", origin,
                    rejected.errors().stream().map(Object::toString)
                            .collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    private static Map<ObjectRef, Integer> readyByNodeSet(CycleOutcome outcome) {
        Map<ObjectRef, Integer> ready = new HashMap<>();
        outcome.kube().ifPresent(k -> k.nodeSets().forEach(n -> ready.put(n.ref(), n.readyReplicas())));
        return ready;
    }

    private static Labels.CycleResult cycleResult(CycleOutcome.Result result) {
        return switch (result) {
            case OK, FOLLOWER -> Labels.CycleResult.OK;
            case PARTIAL -> Labels.CycleResult.PARTIAL;
            case STALE, NO_POLICY -> Labels.CycleResult.STALE;
            case TIMEOUT, ERROR -> Labels.CycleResult.ERROR;
        };
    }
}
