package io.skaler.sandbox;

import java.util.List;

/**
 * One job record as slurmctld holds it: a plain job, a pending array record (holding the tasks not yet started), or a
 * started array task (its own job id, {@code arrayTaskId} set). Immutable: the model swaps in a new value on each change.
 *
 * @param arrayJobId   the array's id, 0 for a plain job
 * @param arrayTaskId  the task id of a started task, -1 for a plain job or the pending array record
 * @param pendingTasks tasks the pending array record still holds ({@link PendingTaskIds#NONE} otherwise)
 * @param partition    pending: the requested list joined by commas; running or ended: the one it ran in
 * @param nodes        allocated node names, empty while pending
 * @param hetJobId     the het job's (its leader's) id for a het component, 0 otherwise
 * @param hetJobOffset the component's offset in its het job (0 for the leader and for a job that is not het)
 * @param afterOk      its {@code --dependency=afterok:ID}, {@link AfterOk#NONE} for none
 * @param reservationReleasedAt with {@code --reservation}: when a pass first found its reservation started (its
 *                     {@code eligible_time}), 0 before; 0 without a reservation
 */
public record SimJob(
        long jobId,
        JobRequest request,
        long arrayJobId,
        int arrayTaskId,
        PendingTaskIds pendingTasks,
        State state,
        String reason,
        String reasonDescription,
        String partition,
        List<String> nodes,
        long submitTime,
        long startTime,
        long endTime,
        long hetJobId,
        int hetJobOffset,
        AfterOk afterOk,
        long reservationReleasedAt) {

    public enum State { PENDING, RUNNING, COMPLETED, CANCELLED, NODE_FAIL, TIMEOUT }

    public SimJob {
        nodes = List.copyOf(nodes);
    }

    /**
     * Right after {@code sbatch} a job with a future {@code --begin} shows {@code ReqNodeNotAvail} until the next
     * scheduling pass names it {@code BeginTime} (docs/upstream.md, measured on 24.11 and 26.05).
     */
    public static SimJob submitted(long jobId, JobRequest request, long now) {
        var state = request.hold() ? "JobHeldUser" : request.deferred() ? "ReqNodeNotAvail"
                : request.reserved() ? "Reservation" : "None"; // Reservation: measured right after sbatch
        return new SimJob(jobId, request, request.isArray() ? jobId : 0, -1,
                request.isArray() ? PendingTaskIds.range(request.arrayTasks()) : PendingTaskIds.NONE, State.PENDING, state, "",
                String.join(",", request.partitions()), List.of(), now, 0, 0, 0, 0, AfterOk.NONE, 0);
    }

    /** Component {@code offset} of het job {@code hetJobId}, submitted with its other components. */
    public static SimJob hetComponent(long jobId, long hetJobId, int offset, JobRequest request, long now) {
        var plain = submitted(jobId, request, now);
        return new SimJob(jobId, request, 0, -1, PendingTaskIds.NONE, State.PENDING, plain.reason, "",
                plain.partition, List.of(), now, 0, 0, hetJobId, offset, AfterOk.NONE, 0);
    }

    /** A component of a het job: it starts only with all its other components. */
    public boolean het() {
        return hetJobId != 0;
    }

    /**
     * {@code eligible_time}: the submission, or the {@code --begin} time; with an {@code afterok} dependency 0 until it
     * is fulfilled, then the moment it was (docs/upstream.md, measured on 24.11 and 26.05).
     */
    public long eligibleTime() {
        if (afterOk.exists()) {
            return afterOk.releasedAt();
        }
        if (request.reserved()) {
            return reservationReleasedAt;
        }
        return submitTime + request.begin().toSeconds();
    }

    /** The same pending job, found by a pass at {@code now} with its reservation started: eligible from then. */
    public SimJob reservationStarted(long now) {
        return new SimJob(jobId, request, arrayJobId, arrayTaskId, pendingTasks, state, "None", "", partition, nodes,
                submitTime, startTime, endTime, hetJobId, hetJobOffset, afterOk, now);
    }

    /** The same pending job with its dependency as it now stands. */
    public SimJob withAfterOk(AfterOk dependency) {
        return new SimJob(jobId, request, arrayJobId, arrayTaskId, pendingTasks, state, reason, reasonDescription,
                partition, nodes, submitTime, startTime, endTime, hetJobId, hetJobOffset, dependency, reservationReleasedAt);
    }

    /**
     * Slurm may start it at {@code now}: its {@code --begin} time has come, its dependency is fulfilled and its
     * reservation has started.
     */
    public boolean eligibleAt(long now) {
        return !afterOk.unfulfilled() && !afterOk.failed() && (!request.reserved() || reservationReleasedAt != 0)
                && eligibleTime() <= now;
    }

    /**
     * Pending for good: its {@code afterok} job failed, or its reservation ended before it ran (Slurm holds it,
     * {@code ReservationDeleted}).
     */
    public boolean neverRuns() {
        return pending() && (afterOk.failed() || reason.equals(SimReservations.DELETED));
    }

    public boolean pending() {
        return state == State.PENDING;
    }

    public boolean running() {
        return state == State.RUNNING;
    }

    /** A pending array record that still holds tasks. */
    public boolean arrayRecord() {
        return pending() && arrayJobId != 0 && arrayTaskId < 0;
    }

    public SimJob withReason(String why, String description) {
        return new SimJob(jobId, request, arrayJobId, arrayTaskId, pendingTasks, state, why, description, partition,
                nodes, submitTime, startTime, endTime, hetJobId, hetJobOffset, afterOk, reservationReleasedAt);
    }

    public SimJob withPendingTasks(PendingTaskIds tasks) {
        return new SimJob(jobId, request, arrayJobId, arrayTaskId, tasks, state, reason, reasonDescription, partition,
                nodes, submitTime, startTime, endTime, hetJobId, hetJobOffset, afterOk, reservationReleasedAt);
    }

    /** This record starts (as job {@code id}, task {@code task}), on {@code on} in {@code part}. */
    public SimJob started(long id, int task, String part, List<String> on, long now) {
        return new SimJob(id, request, arrayJobId, task, PendingTaskIds.NONE, State.RUNNING, "None", "", part, on,
                submitTime, now, 0, hetJobId, hetJobOffset, afterOk, reservationReleasedAt);
    }

    public SimJob ended(State how, long now) {
        return new SimJob(jobId, request, arrayJobId, arrayTaskId, pendingTasks, how, how == State.NODE_FAIL
                ? "NodeDown" : how == State.TIMEOUT ? "TimeLimit" : "None", "", partition, nodes, submitTime, startTime, now, hetJobId, hetJobOffset, afterOk, reservationReleasedAt);
    }
}
