package io.skaler.planner;

import io.skaler.model.AnticipatedJob;
import io.skaler.model.NodeSetState;
import io.skaler.model.ObjectRef;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmSnapshot;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.PartitionPolicy;
import io.skaler.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which jobs that are not yet eligible count as demand already: those that become eligible within the look-ahead
 * ({@code scaleUp.lookAhead}, by default the NodeSet's boot time), so their nodes are Ready when they may start. A
 * job's look-ahead is the longest among the NodeSets of its first managed candidate partition (the one
 * {@link PartitionChoice} tries first), so whichever of them serves it is ready in time. Boot times are inputs: the
 * NodeSet's learned one when it has one ({@link NodeSetState#learnedBootTime()}), else the policy's estimate.
 */
final class Anticipation {
    /** The look-ahead of one partition and the NodeSet that set it. */
    record Horizon(ObjectRef nodeSet, Duration lookAhead, Duration bootTime, boolean learned) {

        /** One NodeSet's: its learned boot time, else {@code scaleUp.bootTime}, as its {@code lookAhead} resolves it. */
        static Horizon of(NodeSetPolicy ns, Optional<NodeSetState> state) {
            Optional<Duration> learned = state.flatMap(NodeSetState::learnedBootTime);
            Duration boot = learned.orElse(ns.scaleUp().bootTime());
            return new Horizon(ns.ref(), ns.scaleUp().lookAhead().resolve(boot), boot, learned.isPresent());
        }
    }

    /** A job that is not yet eligible: counted ahead (with why), or excluded (with why and when). */
    sealed interface Verdict {
    }

    record Counted(AnticipatedJob job) implements Verdict {
    }

    /**
     * @param entersLookAheadAt when only the time keeps the job out and it lies beyond the look-ahead: the instant it
     *                          comes within it (eligibility minus look-ahead), so the loop can plan again then
     */
    record Excluded(String reason, Optional<Instant> entersLookAheadAt) implements Verdict {
        Excluded(String reason) {
            this(reason, Optional.empty());
        }
    }

    static final Anticipation NONE = new Anticipation(Map.of(), ReservationWait.NONE, DependencyWait.NONE);

    private final Map<String, Horizon> byPartition;
    private final ReservationWait reservations;
    private final DependencyWait dependencies;

    private Anticipation(Map<String, Horizon> byPartition, ReservationWait reservations,
                         DependencyWait dependencies) {
        this.byPartition = byPartition;
        this.reservations = reservations;
        this.dependencies = dependencies;
    }

    /** Look-aheads from the policy and boot times; when jobs wait for reservations and running jobs from Slurm. */
    static Anticipation of(Policy policy, Map<ObjectRef, NodeSetState> states, SlurmSnapshot slurm) {
        return new Anticipation(of(policy, states).byPartition, ReservationWait.of(slurm.reservations(), slurm.nodes()),
                DependencyWait.of(slurm.runningJobs(), slurm.pendingJobs()));
    }

    static Anticipation of(Policy policy, Map<ObjectRef, NodeSetState> states) {
        Map<String, Horizon> out = new HashMap<>();
        for (PartitionPolicy p : policy.partitions()) {
            Horizon longest = null;
            for (NodeSetPolicy ns : p.nodeSets()) {
                Horizon h = Horizon.of(ns, Optional.ofNullable(states.get(ns.ref())));
                if (longest == null || h.lookAhead().compareTo(longest.lookAhead()) > 0) {
                    longest = h;
                }
            }
            if (longest != null) {
                out.put(p.name(), longest);
            }
        }
        return new Anticipation(Map.copyOf(out), ReservationWait.NONE, DependencyWait.NONE);
    }

    /** The horizon of the job's first managed candidate partition, if any. */
    Optional<Horizon> horizon(PendingJob job) {
        for (String p : job.partitions()) {
            Horizon h = byPartition.get(p);
            if (h != null) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /**
     * Empty when the job is eligible now (its {@code eligible_time} has passed or is unknown, and it waits for no
     * reservation start or running job); else counted ahead when the time it becomes eligible is within the
     * look-ahead and nothing but that time holds it, or excluded saying when it becomes eligible, or why never.
     */
    Optional<Verdict> beforeEligible(PendingJob job, Instant now) {
        Optional<Wait> wait = reservations.of(job, now).or(() -> dependencies.of(job));
        if (wait.isEmpty()) {
            if (job.eligibleTime() <= now.getEpochSecond()) {
                return Optional.empty();
            }
            String says = job.eligibility().reason();
            wait = Optional.of(new Wait.Until(Instant.ofEpochSecond(job.eligibleTime()), "",
                    says.equals("BeginTime") || job.eligibility().demand(), says));
        }
        if (wait.get() instanceof Wait.Never never) {
            return Optional.of(new Excluded(never.reason()));
        }
        Wait.Until until = (Wait.Until) wait.get();
        if (!until.at().isAfter(now)) {
            return Optional.empty(); // its time has come: Slurm's reason decides
        }
        Instant at = until.at();
        String slurmSays = until.slurmSays();
        boolean onlyTime = until.onlyThis();
        String why = !until.what().isEmpty() ? " when " + until.what()
                : slurmSays.equals("BeginTime") ? "" : " (Slurm's reason: " + slurmSays + ")";
        Optional<Horizon> h = horizon(job);
        if (h.isEmpty()) {
            return Optional.of(new Excluded("eligible at " + at + why));
        }
        Duration left = Duration.between(now, at);
        Horizon horizon = h.get();
        if (!onlyTime || horizon.lookAhead().isZero() || left.compareTo(horizon.lookAhead()) > 0) {
            String beyond = horizon.lookAhead().isZero() ? "anticipation off"
                    : "beyond look-ahead " + AnticipatedJob.minutes(horizon.lookAhead());
            Optional<Instant> enters = onlyTime && !horizon.lookAhead().isZero()
                    ? Optional.of(at.minus(horizon.lookAhead())) : Optional.empty();
            return Optional.of(new Excluded("eligible at " + at + why + " (in " + AnticipatedJob.minutes(left) + "; "
                    + (onlyTime ? beyond : "also held by " + slurmSays) + ")", enters));
        }
        return Optional.of(new Counted(new AnticipatedJob(job.jobId(),
                until.what().isEmpty() ? "begin time" : until.what(), at, horizon.nodeSet(),
                horizon.bootTime(), horizon.learned(), horizon.lookAhead(),
                job.minNodes() * Math.max(1, job.runnableTasks()))));
    }
}
