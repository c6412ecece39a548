package io.skaler.sandbox;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Pending jobs slurmctld does not consider yet, out of the scheduling queue (so they hold no one back), and what each
 * pass ({@code job_independent}) does to them: a {@code --begin} job until its time ({@code BeginTime}), an
 * {@code afterok} job until its dependency is fulfilled or fails ({@link AfterOk}), a job of a reservation until it
 * starts ({@link SimReservations}). docs/upstream.md, "Anticipation", holds what each rule comes from.
 */
final class EligibilityGate {
    /** What the gate changes in the model. */
    interface Model {
        SimJob job(long id);

        /** Stores a changed job (counted as a change of the job list). */
        void update(SimJob job);

        /** Stores a released job and queues it: eligible from now. */
        void release(SimJob job);
    }

    private final Set<Long> awaitingBegin = new LinkedHashSet<>();
    private final Set<Long> awaitingDependency = new LinkedHashSet<>();
    private final SimReservations reservations;

    EligibilityGate(SimReservations reservations) {
        this.reservations = reservations;
    }

    /**
     * A job just submitted (not held): true when it may be queued at once; otherwise it waits here and
     * {@code beginAt} is told when a {@code --begin} job's time comes.
     */
    boolean admit(SimJob job, long now, Consumer<Long> beginAt) {
        long id = job.jobId();
        if (job.afterOk().exists()) {
            awaitingDependency.add(id);
        } else if (job.request().reserved()) {
            reservations.await(id); // the next pass releases it if the reservation has started
        } else if (job.eligibleTime() > now) {
            awaitingBegin.add(id);
            beginAt.accept(job.eligibleTime());
        } else {
            return true;
        }
        return false;
    }

    /** The {@code --begin} time of job {@code id} has come: true when it is to be queued now. */
    boolean beginTimeCame(long id, LongFunction<SimJob> jobs) {
        var j = jobs.apply(id);
        return awaitingBegin.remove(id) && j != null && j.pending();
    }

    /** What one pass does before it schedules: names why each waits, releases those whose time came. */
    void pass(long now, Model model) {
        for (long id : awaitingBegin) {
            var j = model.job(id);
            if (!j.reason().equals("BeginTime")) { // slurmctld's pass names why it may not start yet
                model.update(j.withReason("BeginTime", ""));
            }
        }
        testDependencies(now, model);
        testReservations(now, model);
    }

    /**
     * {@code job_independent} / {@code test_job_dependency}: a dependency whose job ended COMPLETED (or is gone from
     * the table) is fulfilled and the job queued, eligible from now; one whose job ended otherwise fails and the job
     * stays pending for good ({@code DependencyNeverSatisfied}); otherwise the reason is {@code Dependency}.
     */
    private void testDependencies(long now, Model model) {
        for (var it = awaitingDependency.iterator(); it.hasNext(); ) {
            var j = model.job(it.next());
            if (j == null || !j.pending()) {
                it.remove(); // cancelled while it waited
                continue;
            }
            var on = model.job(j.afterOk().on());
            if (on == null || on.state() == SimJob.State.COMPLETED) {
                model.release(j.withAfterOk(j.afterOk().fulfilled(now)).withReason("None", ""));
                it.remove();
            } else if (!on.pending() && !on.running()) {
                model.update(j.withAfterOk(j.afterOk().failedNow()).withReason("DependencyNeverSatisfied", ""));
                it.remove();
            } else if (!j.reason().equals("Dependency")) {
                model.update(j.withReason("Dependency", ""));
            }
        }
    }

    /**
     * {@code job_independent} for jobs of a reservation: started, the job is eligible from this pass ({@code
     * eligible_time} now) and queued; otherwise its reason stays {@code Reservation}.
     */
    private void testReservations(long now, Model model) {
        for (var it = reservations.awaiting().iterator(); it.hasNext(); ) {
            var j = model.job(it.next());
            if (j == null || !j.pending()) {
                it.remove(); // cancelled while it waited
                continue;
            }
            var r = reservations.find(j.request().reservation());
            if (r.isPresent() && r.get().active(now)) {
                model.release(j.reservationStarted(now));
                it.remove();
            } else if (!j.reason().equals(SimReservations.WAITING)) {
                model.update(j.withReason(SimReservations.WAITING, ""));
            }
        }
    }
}
