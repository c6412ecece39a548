package io.skaler.sandbox;

/**
 * The figures a sandbox run ends with. Wait and node-hours are virtual time; submit-to-scale and first-scale-up are
 * measured on {@code latencyClock}: {@code wall} for a real autoscaler (its loop runs in real time whatever the
 * replay speed), {@code virtual} for a modelled one whose timers are virtual.
 *
 * @param jobsRun                  job records that started (each array task counts once)
 * @param jobsKilled               jobs ended NODE_FAIL because their node went away while they ran (must be 0)
 * @param gpuNodeHoursProvisioned  accelerator (GPU or Neuron) nodes launched and not yet removed, integrated
 * @param gpuNodeHoursBusy         accelerator Slurm nodes running at least one job, integrated
 * @param submitToScaleP50Seconds  from a job's submission until its NodeSet's requested replicas first reach what the
 *                                 queue needed then, {@code min(maxReplicas, need)} ({@link NeedAnswered}); jobs whose
 *                                 NodeSet had asked for enough already are not counted; job-weighted
 * @param submitToScaleJobs        jobs that submit-to-scale was measured for (a burst weighs by its job count)
 * @param submitToScaleUnanswered  jobs owed an answer that never came before the run ended (not in the percentiles)
 * @param firstScaleUpP50Seconds   the earlier, kinder measure: from a job's submission to the first scale-up of its
 *                                 NodeSet after it, however small, if before the job started (jobs that ran on
 *                                 capacity already there are not counted)
 * @param firstScaleUpJobs         jobs that first-scale-up was measured for
 * @param reactionP50Seconds       per scale-up that answered waiting jobs: how long the oldest of them had waited,
 *                                 so each reaction counts once however many jobs it answered
 * @param capacityFailures         launches that failed with InsufficientCapacity
 * @param overProvisionedNodeHours nodes provisioned beyond what running and pending jobs need, integrated
 * @param underProvisionedNodeHours nodes needed beyond what is provisioned, integrated (node boot included)
 * @param gpuNodeHoursIdle         provisioned minus busy accelerator node-hours: paid for, no job on them
 * @param scaleDowns               NodeSet replica decreases (scale-in, and releases of capacity that never came)
 * @param multiNodeJobsUnderProvisioned multi-node jobs left waiting on a NodeSet asked for too few nodes for them
 *                                 ({@link MultiNodeShortfall}); 0 when every answer asks for whole jobs
 * @param waitAtEligibilityJobs    the starts the wait at eligibility is measured over: records (an array's tasks
 *                                 each) of jobs submitted with a future {@code --begin} or an {@code afterok}
 *                                 dependency that started; they are not in the wait, submit-to-scale or
 *                                 first-scale-up figures above (nothing is owed them before their time)
 * @param waitAtEligibilityP50Seconds from such a job's eligible time to its start (virtual)
 * @param idleAheadNodeHours       the cost of having nodes ready early: nodes up beyond the need of eligible work
 *                                 while such jobs of that NodeSet were not yet eligible, up to the nodes
 *                                 those jobs will need, integrated (some would be idle anyway: compare with a run
 *                                 without anticipation)
 * @param waitByPartition          the jobs of the wait figures (not those) by their first partition:
 *                                 how runs with and without anticipation compare on the rest of the workload
 * @param waitAtEligibilityByKind  the wait at eligibility by why the job was not eligible at once: {@code begin}
 *                                 ({@code --begin}), {@code afterok}, {@code reservation} (its reservation's start)
 */
public record SandboxSummary(
        String autoscaler,
        long jobsRun,
        long jobsKilled,
        double meanWaitSeconds,
        double p95WaitSeconds,
        double gpuNodeHoursProvisioned,
        double gpuNodeHoursBusy,
        double submitToScaleP50Seconds,
        double submitToScaleP99Seconds,
        long submitToScaleJobs,
        long submitToScaleUnanswered,
        double firstScaleUpP50Seconds,
        double firstScaleUpP99Seconds,
        long firstScaleUpJobs,
        double reactionP50Seconds,
        double reactionP99Seconds,
        long scaleUps,
        long capacityFailures,
        double overProvisionedNodeHours,
        double underProvisionedNodeHours,
        String latencyClock,
        double virtualHours,
        double gpuNodeHoursIdle,
        long scaleDowns,
        long multiNodeJobsUnderProvisioned,
        long waitAtEligibilityJobs,
        double waitAtEligibilityP50Seconds,
        double waitAtEligibilityP95Seconds,
        double idleAheadNodeHours,
        java.util.SortedMap<String, PartitionWait> waitByPartition,
        java.util.SortedMap<String, PartitionWait> waitAtEligibilityByKind) {

    public SandboxSummary {
        waitByPartition = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(waitByPartition));
        waitAtEligibilityByKind = java.util.Collections.unmodifiableSortedMap(
                new java.util.TreeMap<>(waitAtEligibilityByKind));
    }

    /** {@code begin 2: 0/0, reservation 1: 0/0} (jobs: p50/p95 seconds), for the printed and HTML summaries. */
    public String waitAtEligibilityByKindText() {
        var sb = new StringBuilder();
        waitAtEligibilityByKind.forEach((k, w) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ')
                .append(w.jobs()).append(": ").append(w.p50Seconds()).append('/').append(w.p95Seconds()));
        return sb.isEmpty() ? "none" : sb.toString();
    }

    /** Wait from submission to start of one partition's jobs, virtual seconds. */
    public record PartitionWait(long jobs, double p50Seconds, double p95Seconds) {
    }
}
