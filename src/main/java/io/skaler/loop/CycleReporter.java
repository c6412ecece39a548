package io.skaler.loop;

import io.skaler.kube.Leadership;
import io.skaler.metrics.Labels;
import io.skaler.metrics.SkalerMetrics;
import io.skaler.model.ExcludedJob;
import io.skaler.model.NodeSetTarget;
import io.skaler.model.ObjectRef;
import java.util.HashMap;
import io.skaler.model.Plan;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Tells operators what each cycle did: metrics (closed label sets) and one log line per cycle that did something
 * or could not act. Decisions themselves are logged by the executor, on the objects it writes.
 */
final class CycleReporter {
    private static final Logger LOG = Logger.getLogger(CycleReporter.class);

    private final SkalerMetrics metrics;
    private final Leadership leadership;

    CycleReporter(SkalerMetrics metrics, Leadership leadership) {
        this.metrics = metrics;
        this.leadership = leadership;
    }

    void report(CycleOutcome outcome) {
        outcome.phases().forEach((phase, took) -> metrics.cyclePhase(Labels.Phase.valueOf(phase.toUpperCase()), took));
        var finishedAt = outcome.startedAt().plus(outcome.phases().values().stream()
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus));
        metrics.cycle(cycleResult(outcome.result()), finishedAt);
        metrics.leader(leadership.isLeader());
        boolean slurmStale = outcome.result() == CycleOutcome.Result.STALE && outcome.detail().startsWith("slurm");
        boolean kubeStale = outcome.result() == CycleOutcome.Result.STALE && outcome.detail().startsWith("kubernetes");
        metrics.sourceStale(Labels.Source.SLURM, slurmStale);
        metrics.sourceStale(Labels.Source.KUBERNETES, kubeStale);
        outcome.plan().ifPresent(plan -> reportPlan(plan, readyByNodeSet(outcome)));
        switch (outcome.result()) {
            case OK, PARTIAL, FOLLOWER -> {
                if (!outcome.report().applied().isEmpty() || !outcome.report().failed().isEmpty()) {
                    LOG.infof("cycle %s: %s", outcome.result(), outcome.detail());
                }
                outcome.report().failed().forEach(f -> LOG.warnf("write failed: %s", f));
            }
            default -> LOG.warnf("cycle %s: %s", outcome.result(), outcome.detail());
        }
    }

    void policy(PolicyVerdict verdict, String origin) {
        if (verdict instanceof PolicyVerdict.Accepted accepted) {
            metrics.policyAccepted(accepted.policy().version());
            LOG.infof("policy from %s accepted (version %s)", origin, accepted.policy().version());
        } else if (verdict instanceof PolicyVerdict.Rejected rejected) {
            metrics.policyRejected();
            LOG.errorf("policy from %s rejected, the last good policy stays in force: %s", origin,
                    String.join("; ", rejected.errors()));
        }
    }

    private static Map<ObjectRef, Integer> readyByNodeSet(CycleOutcome outcome) {
        Map<ObjectRef, Integer> ready = new HashMap<>();
        outcome.kube().ifPresent(k -> k.nodeSets().forEach(n -> ready.put(n.ref(), n.readyReplicas())));
        return ready;
    }

    private void reportPlan(Plan plan, Map<ObjectRef, Integer> ready) {
        plan.partitions().forEach(metrics::partitionDemand);
        metrics.retainPartitions(plan.partitions().stream().map(p -> p.name()).toList());
        Map<String, Long> excluded = new TreeMap<>(plan.excludedJobs().stream()
                .collect(Collectors.groupingBy(ExcludedJob::reason, Collectors.counting())));
        metrics.excludedJobs(excluded);
        for (NodeSetTarget t : plan.targets()) {
            metrics.nodeSetReplicas(t.nodeSet(), t.partition(), t.desired(), t.current(),
                    ready.getOrDefault(t.nodeSet(), 0));
        }
        metrics.retainNodeSets(plan.targets().stream().map(NodeSetTarget::nodeSet).toList());
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
