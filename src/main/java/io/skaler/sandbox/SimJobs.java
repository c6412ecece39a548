package io.skaler.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job table of the simulated slurmctld and the life of each job in it: submitted (plain, array, het or afterok),
 * queued or kept out of the queue by the {@link EligibilityGate}, started by a scheduling pass, ended by its runtime,
 * a cancel, its node vanishing or its reservation ending, and purged {@link #MIN_JOB_AGE} later. Not thread-safe:
 * {@link SimulatedSlurm} calls it under its lock, and the timers set here take that same lock.
 */
final class SimJobs {
    /** Slurm's {@code MinJobAge} default: ended jobs stay listed this long. */
    static final Duration MIN_JOB_AGE = Duration.ofSeconds(300);

    private final Object lock;
    private final VirtualClock clock;
    private final SimNodes nodes;
    private final SimReservations reservations;
    private final SimChanges changes;
    private final List<SlurmListener> listeners;
    private final Runnable requestPass;
    private final Map<Long, SimJob> byId = new LinkedHashMap<>();
    /** Pending records in scheduling order: priority high first, then submit time, then id. */
    private final TreeMap<PendingKey, Long> queue = new TreeMap<>();
    /** Running tasks per array, for its {@code %N} throttle. */
    private final Map<Long, Integer> arrayRunning = new HashMap<>();
    private final PendingHetJobs pendingHetJobs = new PendingHetJobs();
    /** {@code --begin}, {@code afterok} and reservation jobs, out of the queue until their time. */
    private final EligibilityGate gate;
    private final EligibilityGate.Model gateModel = new EligibilityGate.Model() {
        @Override
        public SimJob job(long id) {
            return byId.get(id);
        }

        @Override
        public void update(SimJob job) {
            byId.put(job.jobId(), job);
            changes.jobsChanged();
        }

        @Override
        public void release(SimJob job) {
            update(job);
            queue.put(PendingKey.of(job), job.jobId());
        }
    };
    private long nextJobId = 1000;

    /**
     * @param lock        the monitor guarding all state (the {@link SimulatedSlurm}), taken by the timers set here
     * @param requestPass asks for a scheduling pass soon, once something may start
     */
    SimJobs(Object lock, VirtualClock clock, SimNodes nodes, SimReservations reservations, SimChanges changes,
            List<SlurmListener> listeners, Runnable requestPass) {
        this.lock = lock;
        this.clock = clock;
        this.nodes = nodes;
        this.reservations = reservations;
        this.changes = changes;
        this.listeners = listeners;
        this.requestPass = requestPass;
        this.gate = new EligibilityGate(reservations);
    }

    void firstJobId(long id) {
        if (id < nextJobId) {
            throw new IllegalArgumentException("firstJobId " + id + " is below ids already given (next " + nextJobId + ")");
        }
        nextJobId = id;
    }

    /** The listed job {@code id}, or null. */
    SimJob find(long id) {
        return byId.get(id);
    }

    /** Every listed job; live, read under the lock. */
    Collection<SimJob> all() {
        return byId.values();
    }

    /** A scheduling pass over the queue as it is now; {@code effects} carries out what it decides. */
    FirstFitPass firstFitPass(Map<String, SimNode> nodes, FirstFitPass.Effects effects) {
        return new FirstFitPass(byId::get, queue, nodes, arrayRunning, effects);
    }

    long submitAfterOk(JobRequest request, long dependencyId) {
        var on = byId.get(dependencyId);
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

    long submit(JobRequest request, AfterOk dependency) {
        if (request.reserved()) {
            if (dependency.exists() || request.deferred()) {
                throw new IllegalArgumentException("job " + request.name()
                        + ": --reservation with --begin or a dependency is not simulated");
            }
            reservations.checkSubmit(request);
        }
        nodes.checkSubmit(request);
        long id = nextJobId++;
        var job = SimJob.submitted(id, request, clock.epochSecond()).withAfterOk(dependency);
        if (dependency.exists() && !request.hold()) {
            job = job.withReason("ReqNodeNotAvail", ""); // until the next pass names it (docs/upstream.md)
        }
        byId.put(id, job);
        if (!request.hold() && gate.admit(job, clock.epochSecond(),
                at -> later(Instant.ofEpochSecond(at), () -> becomeEligible(id)))) {
            queue.put(PendingKey.of(job), id); // held jobs are never queued
        }
        changes.jobsChanged();
        var submitted = job;
        listeners.forEach(l -> l.jobSubmitted(submitted));
        requestPass.run();
        return id;
    }

    /** One component per request, ids taken in a row: the leader's is the het job's id. */
    long submitHet(List<JobRequest> components) {
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
            nodes.checkSubmit(request);
        }
        long leader = nextJobId;
        nextJobId += components.size();
        List<SimJob> submitted = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            var job = SimJob.hetComponent(leader + i, leader, i, components.get(i), clock.epochSecond());
            byId.put(job.jobId(), job);
            if (!job.request().hold()) {
                queue.put(PendingKey.of(job), job.jobId());
            }
            submitted.add(job);
        }
        pendingHetJobs.add(leader, components.size());
        changes.jobsChanged();
        submitted.forEach(job -> listeners.forEach(l -> l.jobSubmitted(job)));
        requestPass.run();
        return leader;
    }

    /** {@code scancel} of a job that never started; false when it is not pending. */
    boolean cancelPending(long id) {
        var j = byId.get(id);
        if (j == null || !j.pending()) {
            return false;
        }
        if (j.het()) { // scancel of a het job's id cancels every component
            var components = pendingHetComponents(j.hetJobId());
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
        byId.put(id, done);
        changes.jobsChanged();
        listeners.forEach(l -> l.jobEnded(done));
        later(clock.now().plus(MIN_JOB_AGE), () -> purge(id));
    }

    /** The components of het job {@code leader} still pending, in offset order. */
    List<SimJob> pendingHetComponents(long leader) {
        return pendingHetJobs.components(leader, byId::get);
    }

    /** The part of a pass before it schedules: the gate names why jobs wait and queues those whose time came. */
    void releaseEligible(long now) {
        gate.pass(now, gateModel);
    }

    /** The {@code --begin} time has come: the job waits for resources like any other from now on. */
    private void becomeEligible(long id) {
        if (gate.beginTimeCame(id, byId::get)) {
            queue.put(PendingKey.of(byId.get(id)), id);
            requestPass.run();
        }
    }

    /** A pass names why {@code job} waits. */
    void setReason(SimJob job, String reason, String description) {
        byId.put(job.jobId(), job.withReason(reason, description));
        changes.jobsChanged();
    }

    /** Starts a plain job, or the next task of an array record (a new job id unless it is the last task). */
    void start(SimJob rec, String partition, List<String> on) {
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
                byId.put(rec.jobId(), remaining);
                queue.put(PendingKey.of(remaining), rec.jobId());
            }
            arrayRunning.merge(rec.arrayJobId(), 1, Integer::sum);
        } else {
            running = rec.started(rec.jobId(), -1, partition, on, now);
            if (rec.het() && rec.hetJobOffset() == 0) {
                pendingHetJobs.remove(rec.hetJobId()); // its components start in the same call of the pass
            }
        }
        byId.put(running.jobId(), running);
        nodes.allocate(running, now);
        changes.jobsChanged();
        listeners.forEach(l -> l.jobStarted(running));
        long id = running.jobId();
        Instant end = Instant.ofEpochSecond(now).plus(rec.request().runtime());
        later(end, () -> complete(id, end.getEpochSecond()));
    }

    private void complete(long id, long at) {
        var j = byId.get(id);
        if (j != null && j.running()) {
            end(id, SimJob.State.COMPLETED, at);
        }
    }

    /** Ends running job {@code id} {@code how} at {@code at} (not before it started) and frees its nodes. */
    void end(long id, SimJob.State how, long at) {
        var j = byId.get(id);
        long now = Math.max(at, j.startTime());
        nodes.release(j, now);
        if (j.arrayJobId() != 0) {
            arrayRunning.merge(j.arrayJobId(), -1, Integer::sum);
        }
        var done = j.ended(how, now);
        byId.put(id, done);
        changes.jobsChanged();
        listeners.forEach(l -> l.jobEnded(done));
        later(Instant.ofEpochSecond(now).plus(MIN_JOB_AGE), () -> purge(id));
        requestPass.run();
    }

    /** Reservation {@code name} ended: its running jobs end {@code TIMEOUT}, its pending ones are held. */
    void reservationEnded(String name, long now) {
        for (var j : List.copyOf(byId.values())) {
            if (!j.request().reservation().equals(name)) {
                continue;
            }
            if (j.running()) {
                end(j.jobId(), SimJob.State.TIMEOUT, now);
            } else if (j.pending() && !j.request().hold()) {
                queue.remove(PendingKey.of(j));
                reservations.awaiting().remove(j.jobId());
                byId.put(j.jobId(), j.withReason(SimReservations.DELETED, "Reservation " + name + " was deleted"));
            }
        }
        changes.jobsChanged();
    }

    private void purge(long id) {
        var j = byId.get(id);
        if (j != null && !j.pending() && !j.running()) {
            byId.remove(id);
            changes.jobsChanged();
        }
    }

    /** Timers run on the clock's thread, so they take the model's lock as every entry point does. */
    private void later(Instant at, Runnable action) {
        clock.schedule(at, () -> {
            synchronized (lock) {
                action.run();
            }
        });
    }
}
