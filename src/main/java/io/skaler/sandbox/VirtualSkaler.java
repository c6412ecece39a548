package io.skaler.sandbox;

import io.skaler.loop.LoopSettings;
import io.skaler.model.Plan;
import io.skaler.model.SlurmNode;
import io.skaler.planner.PlanBudget;
import io.skaler.planner.Planner;
import io.skaler.policy.Policy;
import io.skaler.policy.PolicyParser;
import io.skaler.policy.PolicyResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * skaler's decisions in virtual time: its real {@link Planner}, with its policy, called cycle by cycle on the replay's
 * clock, and the plan written by {@link ReplayExecutor}. The cadence is the loop's: Slurm is probed every
 * {@code slurmPollInterval} and a cycle runs when Slurm or Kubernetes changed since the last one (the probe's and the
 * watches' triggers), and at least every {@code resyncInterval} (the resync that lets idle nodes reach
 * {@code idleFor}). Batching is left out: in virtual time no cycle costs time, so each runs at its trigger.
 */
final class VirtualSkaler {
    private final Policy policy;
    private final LoopSettings loop;
    private ReplayCluster cluster;
    private ReplaySnapshots snapshots;
    private long seenSlurm = -1;
    private long seenKube = -1;
    private Instant lastCycle = Instant.MIN;
    private long cycles;
    private long planNanos;

    VirtualSkaler(Policy policy, LoopSettings loop) {
        this.policy = policy;
        this.loop = loop;
    }

    /** The policy text parsed as the loop parses it; an invalid one is refused with every error. */
    static Policy parse(String policyText) {
        var result = PolicyParser.parse(policyText);
        if (result instanceof PolicyResult.Invalid invalid) {
            throw new IllegalArgumentException("policy: " + invalid.describe());
        }
        return ((PolicyResult.Valid) result).policy();
    }

    void start(ReplayCluster cluster) {
        this.cluster = cluster;
        this.snapshots = new ReplaySnapshots(cluster);
        probe(cluster.clock.now());
    }

    private void probe(Instant at) {
        cluster.clock.schedule(at, () -> {
            boolean changed = cluster.slurm.changes() != seenSlurm || cluster.kubeChanges() != seenKube;
            boolean resync = !lastCycle.plus(loop.resyncInterval()).isAfter(at);
            if (changed || resync) {
                cycle();
            }
            probe(at.plus(loop.slurmPollInterval()));
        });
    }

    private void cycle() {
        Instant now = cluster.clock.now();
        lastCycle = now;
        var snapshot = snapshots.read();
        long t = System.nanoTime();
        Plan plan = Planner.plan(snapshot, policy, now, PlanBudget.of(loop.planBudget(), System::nanoTime));
        planNanos += System.nanoTime() - t;
        cycles++;
        Set<String> busy = snapshot.slurm().nodes().stream().filter(SlurmNode::runsJobs).map(SlurmNode::name)
                .collect(Collectors.toSet());
        ReplayExecutor.apply(plan, cluster, busy);
        seenSlurm = cluster.slurm.changes();
        seenKube = cluster.kubeChanges();
    }

    long cycles() {
        return cycles;
    }

    Duration planTime() {
        return Duration.ofNanos(planNanos);
    }
}
