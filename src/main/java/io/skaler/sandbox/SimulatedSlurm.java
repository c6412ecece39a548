package io.skaler.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process slurmctld on a virtual clock: FUTURE placeholder nodes per NodeSet that pods register, a queue of jobs,
 * and a first-fit scheduler ({@link FirstFitPass}). It never ends a running job on its own: only the job's runtime
 * does, or a node vanishing under it ({@link #unregisterNode} of a busy node, which ends its jobs {@code NODE_FAIL}
 * and is counted, because that is what happens when a slurmd pod is deleted before its node is drained).
 */
public final class SimulatedSlurm {
    /** Slurm's {@code MinJobAge} default: ended jobs stay listed this long. */
    static final Duration MIN_JOB_AGE = Duration.ofSeconds(300);

    private final VirtualClock clock;
    private final List<SandboxNodeSet> nodeSets;
    private final Duration passInterval;
    private final Map<Long, SimJob> jobs = new LinkedHashMap<>();
    /** Pending records in scheduling order: priority high first, then submit time, then id. */
    private final TreeMap<PendingKey, Long> queue = new TreeMap<>();
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final Map<Long, Integer> arrayRunning = new HashMap<>();
    /** Het jobs still pending: the leader's id and the component count (components have ids leader, leader+1...). */
    private final Map<Long, Integer> pendingHetJobs = new HashMap<>();
    /** Reservations, and the rules on which nodes a job may take. */
    private final SimReservations reservations = new SimReservations();
    /** {@code --begin}, {@code afterok} and reservation jobs, out of the queue until their time. */
    private final EligibilityGate gate = new EligibilityGate(reservations);
    private final EligibilityGate.Model gateModel = new EligibilityGate.Model() {
        @Override
        public SimJob job(long id) {
            return jobs.get(id);
        }

        @Override
        public void update(SimJob job) {
            jobs.put(job.jobId(), job);
            jobsChanged();
        }

        @Override
        public void release(SimJob job) {
            update(job);
            queue.put(PendingKey.of(job), job.jobId());
        }
    };
    private final List<SlurmListener> listeners = new CopyOnWriteArrayList<>();
    private long nextJobId = 1000;
    private long jobsLastUpdate;
    private long nodesLastUpdate;
    private boolean passScheduled;
    private Instant lastPass = Instant.EPOCH;
    private int jobsKilled;
    private long changes;

    /**
     * @param passInterval least virtual time between two scheduling passes (slurmctld batches its passes too), so a
     *                     burst of submissions costs one pass, not one per job
     */
    public SimulatedSlurm(VirtualClock clock, List<SandboxNodeSet> nodeSets, Duration passInterval) {
        this.clock = clock;
        this.nodeSets = List.copyOf(nodeSets);
        this.passInterval = passInterval;
        for (var ns : nodeSets) {
            for (int i = 0; i < ns.maxNodes(); i++) {
                var n = SimNode.placeholder(ns.name(), i, List.of(ns.partition()), ns.node());
                nodes.put(n.name(), n);
            }
        }
        jobsLastUpdate = clock.epochSecond();
        nodesLastUpdate = clock.epochSecond();
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
        if (id < nextJobId) {
            throw new IllegalArgumentException("firstJobId " + id + " is below ids already given (next " + nextJobId + ")");
        }
        nextJobId = id;
    }

    /** Queues a job like {@code sbatch}; rejects one no configured node could ever run, as slurmctld does. */
    public synchronized long submit(JobRequest request) {
        return submit(request, AfterOk.NONE);
    }

    /**
     * {@code sbatch --dependency=afterok:ID}: pending ({@code Dependency}, {@code eligible_time} 0) until job ID ends
     * COMPLETED; never runs if it ends otherwise ({@link AfterOk}). Refused like sbatch ("Job dependency problem")
     * when job ID is unknown; a dependency on an array or het job, or with {@code --begin}, is not simulated.
     */
    public synchronized long submitAfterOk(JobRequest request, long dependencyId) {
        var on = jobs.get(dependencyId);
        if (on == null) {
            throw new IllegalArgumentException("job " + request.name() + ": Job dependency problem (job "
                    + dependencyId + " is unknown)");
        }
        if (on.arrayJobId() != 0 || on.het() || request.deferred()) {
            throw new IllegalArgumentException("job " + request.name()
                    + ": afterok on an array or het job, or with --begin, is not simulated");
        }
        return submit(request, AfterOk.on(dependencyId));
    }

    private long submit(JobRequest request, AfterOk dependency) {
        if (request.reserved()) {
            if (dependency.exists() || request.deferred()) {
                throw new IllegalArgumentException("job " + request.name()
                        + ": --reservation with --begin or a dependency is not simulated");
            }
            reservations.checkSubmit(request);
        }
        boolean possible = request.partitions().stream().anyMatch(p -> FirstFitPass.couldEverRun(request,
                nodes.values().stream().filter(n -> n.partitions().contains(p)).toList()));
        if (!possible) {
            throw new IllegalArgumentException("job " + request.name()
                    + ": Requested node configuration is not available in partitions " + request.partitions());
        }
        long id = nextJobId++;
        var job = SimJob.submitted(id, request, clock.epochSecond()).withAfterOk(dependency);
        if (dependency.exists() && !request.hold()) {
            job = job.withReason("ReqNodeNotAvail", ""); // until the next pass names it (docs/upstream.md)
        }
        jobs.put(id, job);
        if (!request.hold() && gate.admit(job, clock.epochSecond(),
                at -> clock.schedule(Instant.ofEpochSecond(at), () -> becomeEligible(id)))) {
            queue.put(PendingKey.of(job), id); // held jobs are never queued
        }
        jobsChanged();
        var submitted = job;
        listeners.forEach(l -> l.jobSubmitted(submitted));
        requestPass();
        return id;
    }

    /**
     * Queues a het job like {@code sbatch ... : ...}: one component per request, ids taken in a row (the leader's is
     * the het job's id), all pending until every one of them can start ({@link FirstFitPass}). Refused whole when a
     * component could never run, and for array components (Slurm has no het job arrays).
     */
    public synchronized long submitHet(List<JobRequest> components) {
        if (components.size() < 2) {
            throw new IllegalArgumentException("a het job has at least 2 components, got " + components.size());
        }
        for (var request : components) {
            if (request.isArray()) {
                throw new IllegalArgumentException("job " + request.name() + ": a het job component cannot be an array");
            }
            if (request.reserved()) {
                throw new IllegalArgumentException("job " + request.name() + ": a het job in a reservation is not simulated");
            }
            if (request.partitions().stream().noneMatch(p -> FirstFitPass.couldEverRun(request,
                    nodes.values().stream().filter(n -> n.partitions().contains(p)).toList()))) {
                throw new IllegalArgumentException("job " + request.name()
                        + ": Requested node configuration is not available in partitions " + request.partitions());
            }
        }
        long leader = nextJobId;
        nextJobId += components.size();
        List<SimJob> submitted = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            var job = SimJob.hetComponent(leader + i, leader, i, components.get(i), clock.epochSecond());
            jobs.put(job.jobId(), job);
            if (!job.request().hold()) {
                queue.put(PendingKey.of(job), job.jobId());
            }
            submitted.add(job);
        }
        pendingHetJobs.put(leader, components.size());
        jobsChanged();
        submitted.forEach(job -> listeners.forEach(l -> l.jobSubmitted(job)));
        requestPass();
        return leader;
    }

    /**
     * {@code scancel} of a job that never started (a history replays its cancellation at the moment it happened):
     * the pending record leaves the queue as {@code CANCELLED}. A job already running is left alone and false
     * returned: the history's elapsed time ends it.
     */
    public synchronized boolean cancelPending(long id) {
        var j = jobs.get(id);
        if (j == null || !j.pending()) {
            return false;
        }
        if (j.het()) { // scancel of a het job's id cancels every component
            var components = hetComponents(j.hetJobId());
            pendingHetJobs.remove(j.hetJobId());
            components.forEach(c -> cancelOne(c.jobId(), c));
            return true;
        }
        cancelOne(id, j);
        return true;
    }

    private void cancelOne(long id, SimJob j) {
        queue.remove(PendingKey.of(j));
        var done = j.ended(SimJob.State.CANCELLED, Math.max(clock.epochSecond(), j.submitTime()));
        jobs.put(id, done);
        jobsChanged();
        listeners.forEach(l -> l.jobEnded(done));
        clock.schedule(clock.now().plus(MIN_JOB_AGE), () -> purge(id));
    }

    /** The components of het job {@code leader} still pending, in offset order. */
    private List<SimJob> hetComponents(long leader) {
        int count = pendingHetJobs.getOrDefault(leader, 0);
        List<SimJob> out = new ArrayList<>(count);
        for (long id = leader; id < leader + count; id++) {
            var c = jobs.get(id);
            if (c != null && c.pending()) {
                out.add(c);
            }
        }
        return out;
    }

    /** Counts every change of jobs or nodes: a poller that saw the same count has nothing new to read. */
    public synchronized long changes() {
        return changes;
    }

    /** slurmd of a Ready pod registers: the FUTURE placeholder becomes an IDLE node. */
    public synchronized void registerNode(String name, String podComment) {
        var n = node(name);
        if (n.registered()) {
            return;
        }
        var up = n.registeredAs(podComment, clock.epochSecond());
        nodes.put(name, up);
        nodesChanged();
        listeners.forEach(l -> l.nodeRegistered(up));
        requestPass();
    }

    /**
     * slurmd stops (its pod is gone) and the node returns to a FUTURE placeholder. Jobs still running there end
     * {@code NODE_FAIL}: a correct scale-in drains first, so {@link #jobsKilled()} stays 0.
     */
    public synchronized void unregisterNode(String name) {
        var n = node(name);
        if (!n.registered()) {
            return;
        }
        for (long jobId : List.copyOf(n.runningJobs())) {
            jobsKilled++;
            end(jobId, SimJob.State.NODE_FAIL, clock.epochSecond());
        }
        var gone = nodes.get(name).backToFuture();
        nodes.put(name, gone);
        nodesChanged();
        listeners.forEach(l -> l.nodeUnregistered(n));
    }

    /** {@code POST node/{name} {"state":["DRAIN"],"reason":...}}: no new work; running jobs finish. */
    public synchronized void drain(String name, String reason, String byUser) {
        var n = node(name);
        requireRegistered(n, "DRAIN");
        nodes.put(name, n.drained(true, reason, byUser, clock.epochSecond()));
        nodesChanged();
    }

    /** {@code RESUME} / {@code UNDRAIN}. */
    public synchronized void resume(String name) {
        var n = node(name);
        requireRegistered(n, "RESUME");
        nodes.put(name, n.drained(false, "", "", clock.epochSecond()));
        nodesChanged();
        requestPass();
    }

    /** {@code {"state":["FUTURE"]}}: returns an idle node to the hidden pool; refused while jobs run there. */
    public synchronized void setFuture(String name) {
        var n = node(name);
        if (n.busy()) {
            throw new IllegalStateException("node " + name + " runs jobs " + n.runningJobs() + ": drain it first");
        }
        unregisterNode(name);
    }

    /** DRAIN set and no job left: what slurm-operator waits for before deleting a pod. */
    public synchronized boolean isDrained(String name) {
        var n = node(name);
        return n.drain() && !n.busy();
    }

    public synchronized Optional<SimNode> findNode(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    public synchronized Optional<SimJob> findJob(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public synchronized SlurmState state() {
        return new SlurmState(new ArrayList<>(jobs.values()), new ArrayList<>(nodes.values()), nodeSets,
                jobsLastUpdate, nodesLastUpdate, clock.epochSecond());
    }

    /** Visits every listed job and node without copying them (a history replay reads the state every cycle). */
    public synchronized void visit(java.util.function.Consumer<SimJob> job, java.util.function.Consumer<SimNode> node) {
        jobs.values().forEach(job);
        nodes.values().forEach(node);
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
        return (int) jobs.values().stream().filter(SimJob::pending).count();
    }

    public synchronized int runningCount() {
        return (int) jobs.values().stream().filter(SimJob::running).count();
    }

    private void requestPass() {
        if (passScheduled) {
            return;
        }
        passScheduled = true;
        Instant at = lastPass.plus(passInterval);
        clock.schedule(at.isAfter(clock.now()) ? at : clock.now(), this::pass);
    }

    /** The {@code --begin} time has come: the job waits for resources like any other from now on. */
    private synchronized void becomeEligible(long id) {
        if (gate.beginTimeCame(id, jobs::get)) {
            queue.put(PendingKey.of(jobs.get(id)), id);
            requestPass();
        }
    }

    private synchronized void pass() {
        passScheduled = false;
        lastPass = clock.now();
        gate.pass(clock.epochSecond(), gateModel);
        new FirstFitPass(this::jobById, queue, nodes, arrayRunning, new FirstFitPass.Effects() {
            @Override
            public void reason(SimJob job, String reason, String description) {
                jobs.put(job.jobId(), job.withReason(reason, description));
                jobsChanged();
            }

            @Override
            public void start(SimJob pendingRecord, String partition, List<String> on) {
                SimulatedSlurm.this.start(pendingRecord, partition, on);
            }

            @Override
            public List<SimJob> hetComponents(long hetJobId) {
                return SimulatedSlurm.this.hetComponents(hetJobId);
            }

            @Override
            public boolean mayUse(SimJob job, SimNode node) {
                return reservations.mayUse(job, node, clock.epochSecond());
            }

            @Override
            public boolean reservedFrom(SimJob job, String partition) {
                return reservations.keepsFrom(job, nodes.values(), partition, clock.epochSecond());
            }
        }).run();
    }

    /**
     * {@code scontrol create reservation ... Nodes=... Users=...}: listed from now; its nodes show {@code RESERVED}
     * from its start, and at its end it goes ({@link SimReservations}).
     */
    synchronized void createReservation(SimReservations.Reservation r) {
        reservations.create(r, nodes.keySet(), clock.epochSecond());
        clock.schedule(Instant.ofEpochSecond(Math.max(r.startTime(), clock.epochSecond())), () -> reservationStarts(r));
        clock.schedule(Instant.ofEpochSecond(r.endTime()), () -> reservationEnds(r));
        changes++;
    }

    /** What {@code GET reservations} lists now. */
    synchronized List<SimReservations.Reservation> reservations() {
        return reservations.listed();
    }

    private synchronized void reservationStarts(SimReservations.Reservation r) {
        r.nodes().forEach(n -> nodes.put(n, nodes.get(n).reservedBy(r.name())));
        nodesChanged();
        requestPass();
    }

    /** Its running jobs end {@code TIMEOUT}, its pending ones are held {@code ReservationDeleted}, and it goes. */
    private synchronized void reservationEnds(SimReservations.Reservation r) {
        long now = clock.epochSecond();
        for (var j : List.copyOf(jobs.values())) {
            if (!j.request().reservation().equals(r.name())) {
                continue;
            }
            if (j.running()) {
                end(j.jobId(), SimJob.State.TIMEOUT, now);
            } else if (j.pending() && !j.request().hold()) {
                queue.remove(PendingKey.of(j));
                reservations.awaiting().remove(j.jobId());
                jobs.put(j.jobId(), j.withReason(SimReservations.DELETED, "Reservation " + r.name() + " was deleted"));
            }
        }
        r.nodes().forEach(n -> nodes.put(n, nodes.get(n).reservedBy("")));
        reservations.remove(r.name());
        jobsChanged();
        nodesChanged();
        requestPass();
    }

    private SimJob jobById(long id) {
        return jobs.get(id);
    }

    /** Starts a plain job, or the next task of an array record (a new job id unless it is the last task). */
    private void start(SimJob rec, String partition, List<String> on) {
        long now = clock.epochSecond();
        SimJob running;
        queue.remove(PendingKey.of(rec));
        if (rec.arrayRecord()) {
            int task = rec.pendingTasks().first();
            var rest = rec.pendingTasks().without(task);
            if (rest.isEmpty()) {
                running = rec.started(rec.jobId(), task, partition, on, now);
            } else {
                running = rec.started(nextJobId++, task, partition, on, now);
                var remaining = rec.withPendingTasks(rest);
                jobs.put(rec.jobId(), remaining);
                queue.put(PendingKey.of(remaining), rec.jobId());
            }
            arrayRunning.merge(rec.arrayJobId(), 1, Integer::sum);
        } else {
            running = rec.started(rec.jobId(), -1, partition, on, now);
            if (rec.het() && rec.hetJobOffset() == 0) {
                pendingHetJobs.remove(rec.hetJobId()); // its components start in the same call of the pass
            }
        }
        jobs.put(running.jobId(), running);
        var req = rec.request();
        for (String name : on) {
            var n = nodes.get(name);
            nodes.put(name, n.allocate(running.jobId(), req.cpusPerNode(n.shape().cpus()),
                    req.exclusive() ? n.shape().memoryMB() : req.memoryPerNodeMB(), req.gresNeededPerNode(), now));
        }
        jobsChanged();
        nodesChanged();
        listeners.forEach(l -> l.jobStarted(running));
        long id = running.jobId();
        Instant end = Instant.ofEpochSecond(now).plus(req.runtime());
        clock.schedule(end, () -> complete(id, end.getEpochSecond()));
    }

    private synchronized void complete(long id, long at) {
        var j = jobs.get(id);
        if (j != null && j.running()) {
            end(id, SimJob.State.COMPLETED, at);
        }
    }

    private void end(long id, SimJob.State how, long at) {
        var j = jobs.get(id);
        var req = j.request();
        long now = Math.max(at, j.startTime());
        for (String name : j.nodes()) {
            var n = nodes.get(name);
            if (n.runningJobs().contains(id)) {
                nodes.put(name, n.release(id, req.cpusPerNode(n.shape().cpus()),
                        req.exclusive() ? n.shape().memoryMB() : req.memoryPerNodeMB(), req.gresNeededPerNode(), now));
            }
        }
        if (j.arrayJobId() != 0) {
            arrayRunning.merge(j.arrayJobId(), -1, Integer::sum);
        }
        var done = j.ended(how, now);
        jobs.put(id, done);
        jobsChanged();
        nodesChanged();
        listeners.forEach(l -> l.jobEnded(done));
        clock.schedule(Instant.ofEpochSecond(now).plus(MIN_JOB_AGE), () -> purge(id));
        requestPass();
    }

    private synchronized void purge(long id) {
        var j = jobs.get(id);
        if (j != null && !j.pending() && !j.running()) {
            jobs.remove(id);
            jobsChanged();
        }
    }

    private SimNode node(String name) {
        var n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("Invalid node name specified: " + name);
        }
        return n;
    }

    private static void requireRegistered(SimNode n, String what) {
        if (!n.registered()) {
            // real-slurm.md pitfall 13: DRAIN/RESUME on a FUTURE node misbehaves; refuse it clearly instead
            throw new IllegalStateException("node " + n.name() + " is FUTURE: " + what + " applies to registered nodes");
        }
    }

    private void jobsChanged() {
        changes++;
        jobsLastUpdate = clock.epochSecond();
    }

    private void nodesChanged() {
        changes++;
        nodesLastUpdate = clock.epochSecond();
    }
}
