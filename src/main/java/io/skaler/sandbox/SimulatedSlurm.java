package io.skaler.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-process slurmctld on a virtual clock: FUTURE placeholder nodes per NodeSet that pods register
 * ({@link SimNodes}), a table of jobs ({@link SimJobs}), reservations ({@link SimReservations}) and a first-fit
 * scheduler ({@link FirstFitPass}). It never ends a running job on its own: only the job's runtime does, or a node
 * vanishing under it ({@link #unregisterNode} of a busy node, which ends its jobs {@code NODE_FAIL} and is counted,
 * because that is what happens when a slurmd pod is deleted before its node is drained).
 *
 * <p>All state is guarded by this object's monitor: every entry point here holds it, and the timers the parts set
 * take it too.
 */
public final class SimulatedSlurm {
    private final VirtualClock clock;
    private final List<SandboxNodeSet> nodeSets;
    private final Duration passInterval;
    private final List<SlurmListener> listeners = new CopyOnWriteArrayList<>();
    private final SimChanges changes;
    private final SimNodes nodes;
    /** Reservations, and the rules on which nodes a job may take. */
    private final SimReservations reservations = new SimReservations();
    private final SimJobs jobs;
    private boolean passScheduled;
    private Instant lastPass = Instant.EPOCH;
    private int jobsKilled;

    /**
     * @param passInterval least virtual time between two scheduling passes (slurmctld batches its passes too), so a
     *                     burst of submissions costs one pass, not one per job
     */
    public SimulatedSlurm(VirtualClock clock, List<SandboxNodeSet> nodeSets, Duration passInterval) {
        this.clock = clock;
        this.nodeSets = List.copyOf(nodeSets);
        this.passInterval = passInterval;
        this.changes = new SimChanges(clock);
        this.nodes = new SimNodes(this.nodeSets, clock, changes, listeners);
        this.jobs = new SimJobs(this, clock, nodes, reservations, changes, listeners, this::requestPass);
    }

    public SimulatedSlurm(VirtualClock clock, List<SandboxNodeSet> nodeSets) {
        this(clock, nodeSets, Duration.ofSeconds(1));
    }

    public void addListener(SlurmListener l) {
        listeners.add(l);
    }

    public VirtualClock clock() {
        return clock;
    }

    /**
     * The id the next job gets, as slurm.conf's {@code FirstJobId}: a real cluster's ids run in the millions, and a
     * reader that finds jobs only near the ids it knows must be tried on one.
     */
    public synchronized void firstJobId(long id) {
        jobs.firstJobId(id);
    }

    /** Queues a job like {@code sbatch}; rejects one no configured node could ever run, as slurmctld does. */
    public synchronized long submit(JobRequest request) {
        return jobs.submit(request, AfterOk.NONE);
    }

    /**
     * {@code sbatch --dependency=afterok:ID}: pending ({@code Dependency}, {@code eligible_time} 0) until job ID ends
     * COMPLETED; never runs if it ends otherwise ({@link AfterOk}). Refused like sbatch ("Job dependency problem")
     * when job ID is unknown; a dependency on an array or het job, or with {@code --begin}, is not simulated.
     */
    public synchronized long submitAfterOk(JobRequest request, long dependencyId) {
        return jobs.submitAfterOk(request, dependencyId);
    }

    /**
     * Queues a het job like {@code sbatch ... : ...}: one component per request, ids taken in a row (the leader's is
     * the het job's id), all pending until every one of them can start ({@link FirstFitPass}). Refused whole when a
     * component could never run, and for array components (Slurm has no het job arrays).
     */
    public synchronized long submitHet(List<JobRequest> components) {
        return jobs.submitHet(components);
    }

    /**
     * {@code scancel} of a job that never started (a history replays its cancellation at the moment it happened):
     * the pending record leaves the queue as {@code CANCELLED}. A job already running is left alone and false
     * returned: the history's elapsed time ends it.
     */
    public synchronized boolean cancelPending(long id) {
        return jobs.cancelPending(id);
    }

    /** Counts every change of jobs or nodes: a poller that saw the same count has nothing new to read. */
    public synchronized long changes() {
        return changes.count();
    }

    /** slurmd of a Ready pod registers: the FUTURE placeholder becomes an IDLE node. */
    public synchronized void registerNode(String name, String podComment) {
        if (nodes.register(name, podComment)) {
            requestPass();
        }
    }

    /**
     * slurmd stops (its pod is gone) and the node returns to a FUTURE placeholder. Jobs still running there end
     * {@code NODE_FAIL}: a correct scale-in drains first, so {@link #jobsKilled()} stays 0.
     */
    public synchronized void unregisterNode(String name) {
        var n = nodes.node(name);
        if (!n.registered()) {
            return;
        }
        for (long jobId : List.copyOf(n.runningJobs())) {
            jobsKilled++;
            jobs.end(jobId, SimJob.State.NODE_FAIL, clock.epochSecond());
        }
        nodes.unregistered(n);
    }

    /** {@code POST node/{name} {"state":["DRAIN"],"reason":...}}: no new work; running jobs finish. */
    public synchronized void drain(String name, String reason, String byUser) {
        nodes.drain(name, reason, byUser);
    }

    /** {@code RESUME} / {@code UNDRAIN}. */
    public synchronized void resume(String name) {
        nodes.resume(name);
        requestPass();
    }

    /** {@code {"state":["FUTURE"]}}: returns an idle node to the hidden pool; refused while jobs run there. */
    public synchronized void setFuture(String name) {
        var n = nodes.node(name);
        if (n.busy()) {
            throw new IllegalStateException("node " + name + " runs jobs " + n.runningJobs() + ": drain it first");
        }
        unregisterNode(name);
    }

    /** DRAIN set and no job left: what slurm-operator waits for before deleting a pod. */
    public synchronized boolean isDrained(String name) {
        var n = nodes.node(name);
        return n.drain() && !n.busy();
    }

    public synchronized Optional<SimNode> findNode(String name) {
        return nodes.find(name);
    }

    public synchronized Optional<SimJob> findJob(long id) {
        return Optional.ofNullable(jobs.find(id));
    }

    public synchronized SlurmState state() {
        return new SlurmState(new ArrayList<>(jobs.all()), new ArrayList<>(nodes.byName().values()), nodeSets,
                changes.jobsLastUpdate(), changes.nodesLastUpdate(), clock.epochSecond());
    }

    /** Visits every listed job and node without copying them (a history replay reads the state every cycle). */
    public synchronized void visit(Consumer<SimJob> job, Consumer<SimNode> node) {
        jobs.all().forEach(job);
        nodes.byName().values().forEach(node);
    }

    public List<SandboxNodeSet> nodeSets() {
        return nodeSets;
    }

    /** Jobs ended {@code NODE_FAIL} because their node was removed while they ran. */
    public synchronized int jobsKilled() {
        return jobsKilled;
    }

    /** Pending records (an array counts once), held jobs included. */
    public synchronized int pendingCount() {
        return (int) jobs.all().stream().filter(SimJob::pending).count();
    }

    public synchronized int runningCount() {
        return (int) jobs.all().stream().filter(SimJob::running).count();
    }

    /**
     * {@code scontrol create reservation ... Nodes=... Users=...}: listed from now; its nodes show {@code RESERVED}
     * from its start, and at its end it goes ({@link SimReservations}).
     */
    synchronized void createReservation(SimReservations.Reservation r) {
        reservations.create(r, nodes.byName().keySet(), clock.epochSecond());
        clock.schedule(Instant.ofEpochSecond(Math.max(r.startTime(), clock.epochSecond())), () -> reservationStarts(r));
        clock.schedule(Instant.ofEpochSecond(r.endTime()), () -> reservationEnds(r));
        changes.otherChanged();
    }

    /** What {@code GET reservations} lists now. */
    synchronized List<SimReservations.Reservation> reservations() {
        return reservations.listed();
    }

    private synchronized void reservationStarts(SimReservations.Reservation r) {
        nodes.reservedBy(r.nodes(), r.name());
        requestPass();
    }

    /** Its running jobs end {@code TIMEOUT}, its pending ones are held {@code ReservationDeleted}, and it goes. */
    private synchronized void reservationEnds(SimReservations.Reservation r) {
        jobs.reservationEnded(r.name(), clock.epochSecond());
        nodes.reservedBy(r.nodes(), "");
        reservations.remove(r.name());
        requestPass();
    }

    private void requestPass() {
        if (passScheduled) {
            return;
        }
        passScheduled = true;
        Instant at = lastPass.plus(passInterval);
        clock.schedule(at.isAfter(clock.now()) ? at : clock.now(), this::pass);
    }

    private synchronized void pass() {
        passScheduled = false;
        lastPass = clock.now();
        jobs.releaseEligible(clock.epochSecond());
        jobs.firstFitPass(nodes.byName(), new FirstFitPass.Effects() {
            @Override
            public void reason(SimJob job, String reason, String description) {
                jobs.setReason(job, reason, description);
            }

            @Override
            public void start(SimJob pendingRecord, String partition, List<String> on) {
                jobs.start(pendingRecord, partition, on);
            }

            @Override
            public List<SimJob> hetComponents(long hetJobId) {
                return jobs.pendingHetComponents(hetJobId);
            }

            @Override
            public boolean mayUse(SimJob job, SimNode node) {
                return reservations.mayUse(job, node, clock.epochSecond());
            }

            @Override
            public boolean reservedFrom(SimJob job, String partition) {
                return reservations.keepsFrom(job, nodes.byName().values(), partition, clock.epochSecond());
            }
        }).run();
    }
}
