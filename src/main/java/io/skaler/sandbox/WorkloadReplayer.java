package io.skaler.sandbox;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Submits a workload into the simulated Slurm on the virtual clock, each job at its own virtual instant. */
public final class WorkloadReplayer {
    private final SimulatedSlurm slurm;
    private final Workload workload;
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final java.util.Map<String, Long> jobIds = new java.util.concurrent.ConcurrentHashMap<>();
    private int total;

    public WorkloadReplayer(SimulatedSlurm slurm, Workload workload) {
        this.slurm = slurm;
        this.workload = workload;
    }

    /**
     * Makes the workload's reservations now (their nodes are FUTURE placeholders then) and puts every submission on
     * the clock, relative to {@code start}; returns how many submissions there are. A reservation Slurm would refuse
     * fails the run, naming it.
     */
    public int schedule(Instant start) {
        workload.reservations().forEach(r -> slurm.createReservation(r.at(start)));
        var subs = workload.submissions();
        total = subs.size();
        for (var s : subs) {
            slurm.clock().schedule(start.plus(s.at()), () -> {
                try {
                    long id = s.dependent() ? slurm.submitAfterOk(s.request(), jobIdOf(s.afterOk(), s.index()))
                            : slurm.submit(s.request());
                    jobIds.put(s.group() + "#" + s.index(), id);
                    submitted.incrementAndGet();
                } catch (IllegalArgumentException e) {
                    rejected.incrementAndGet(); // sbatch would refuse it the same way; counted, not fatal
                }
            });
        }
        return total;
    }

    /** The id job {@code index} of {@code group} got; 0 when it was refused, which sbatch's dependency check refuses. */
    private long jobIdOf(String group, int index) {
        return jobIds.getOrDefault(group + "#" + index, 0L);
    }

    public int submitted() {
        return submitted.get();
    }

    public int rejected() {
        return rejected.get();
    }

    /** Every submission has been made (or refused). */
    public boolean done() {
        return submitted.get() + rejected.get() >= total;
    }
}
