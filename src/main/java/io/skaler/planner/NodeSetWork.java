package io.skaler.planner;

import io.skaler.model.NodeSetState;
import io.skaler.model.SlurmNode;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.PartitionPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One managed NodeSet while a plan is being made: its policy, what it has, and what packing put on it. */
final class NodeSetWork {

    /** A class that placed jobs here, for the reasons: how many jobs, how many new nodes it opened. */
    record Driver(JobClass cls, NodeRequest request, long jobs, long newNodes) {
    }

    final PartitionPolicy partition;
    final NodeSetPolicy policy;
    final ResourceAxes axes;
    final Set<String> features;
    final Optional<NodeSetState> state;
    final NodeSetCapacity capacity;
    final BackoffRule.Outcome backoff;
    final Bins bins = new Bins();
    final List<Driver> drivers = new ArrayList<>();

    /** New nodes it may still open in this plan (maxReplicas bounds it; paused, missing or backing off: none). */
    long allowance;
    long newNodes;
    long jobsOnHeld;
    long jobsOnNew;
    /** Jobs that did not fit because the allowance ran out: they spill to the next NodeSet. */
    long spilled;
    /** Idle Slurm nodes scale-in keeps for a reservation that jobs wait for, each with why ({@link ReservedIdle}). */
    Map<String, String> keptForReservations = Map.of();

    NodeSetWork(PartitionPolicy partition, NodeSetPolicy policy, Optional<NodeSetState> state,
                Map<String, SlurmNode> slurmNodes, Instant now) {
        this(partition, policy, state, slurmNodes, List.of(), now);
    }

    /** @param launchFailures when launches of this NodeSet's NodePool failed */
    NodeSetWork(PartitionPolicy partition, NodeSetPolicy policy, Optional<NodeSetState> state,
                Map<String, SlurmNode> slurmNodes, List<Instant> launchFailures, Instant now) {
        this.partition = partition;
        this.policy = policy;
        this.axes = new ResourceAxes(policy.node());
        this.features = ShapeFit.features(policy);
        this.state = state;
        this.capacity = new NodeSetCapacity(policy, axes, state, slurmNodes, launchFailures, now);
        this.backoff = BackoffRule.decide(state, capacity, now);
        capacity.fill(bins, axes);
        boolean paused = state.map(NodeSetState::paused).orElse(false);
        allowance = !capacity.exists || paused || replicasIgnored() || backoff.active() ? 0
                : Math.max(0, policy.maxReplicas() - base());
    }

    /** Replicas that stay: everything but capacity that failed to arrive. */
    int base() {
        return capacity.current - capacity.failed();
    }

    boolean paused() {
        return state.map(NodeSetState::paused).orElse(false);
    }

    /** The operator ignores its replicas ({@code scalingMode: DaemonSet}): nothing skaler writes would act. */
    boolean replicasIgnored() {
        return state.map(NodeSetState::replicasIgnored).orElse(false);
    }

    /** What packing has put here so far, to take back a het job that did not fit whole. */
    record Mark(List<Bins.Group> held, List<Bins.Group> fresh, int drivers, long allowance, long newNodes,
                long jobsOnHeld, long jobsOnNew, long spilled) {
    }

    Mark mark() {
        return new Mark(Bins.copy(bins.held), Bins.copy(bins.fresh), drivers.size(), allowance, newNodes, jobsOnHeld,
                jobsOnNew, spilled);
    }

    void restore(Mark m) {
        bins.held.clear();
        bins.held.addAll(m.held());
        bins.fresh.clear();
        bins.fresh.addAll(m.fresh());
        drivers.subList(m.drivers(), drivers.size()).clear();
        allowance = m.allowance();
        newNodes = m.newNodes();
        jobsOnHeld = m.jobsOnHeld();
        jobsOnNew = m.jobsOnNew();
        spilled = m.spilled();
    }

    /** Places what is left of {@code item}; {@code mayOpen} false: only on room already there, no new nodes. */
    void place(PartitionChoice.Assigned item, NodeRequest request, boolean mayOpen) {
        ClassPacker.Placement p = ClassPacker.place(bins, request, item.remaining, mayOpen ? allowance : 0,
                axes.capacity());
        allowance -= p.newNodes();
        newNodes += p.newNodes();
        jobsOnHeld += p.placedOnHeld();
        jobsOnNew += p.placedOnNew();
        long placed = p.placedOnHeld() + p.placedOnNew();
        if (placed > 0 && item.driverOf == this) { // the class filled room here before: one driver, summed
            Driver d = drivers.get(item.driverAt);
            drivers.set(item.driverAt, new Driver(d.cls(), request, d.jobs() + placed, d.newNodes() + p.newNodes()));
        } else if (placed > 0) {
            item.driverOf = this;
            item.driverAt = drivers.size();
            drivers.add(new Driver(item.cls, request, placed, p.newNodes()));
        }
        if (mayOpen) {
            spilled += p.unplaced();
        }
        item.remaining = p.unplaced();
    }
}
