package io.skaler.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A pending job counted as demand before it may start, because it becomes eligible within the look-ahead: its nodes
 * are asked for now so they are Ready when it may run. Capacity raised for it is idle until then (the honest cost).
 *
 * @param jobId       Slurm job id
 * @param waitsFor    what it waits for, e.g. {@code begin time}
 * @param eligibleAt  when Slurm will let it start
 * @param nodeSet     the NodeSet whose boot time set the look-ahead
 * @param bootTime    that NodeSet's boot time
 * @param learned     whether {@code bootTime} was measured from the NodeSet's launches (else the policy's estimate)
 * @param lookAhead   the look-ahead in force
 * @param nodes       nodes the job asks for (array tasks counted ahead each count), before packing
 */
public record AnticipatedJob(
        long jobId,
        String waitsFor,
        Instant eligibleAt,
        ObjectRef nodeSet,
        Duration bootTime,
        boolean learned,
        Duration lookAhead,
        int nodes) {

    /** The sentence the plan, the API and the Event carry. */
    public String reason() {
        return "job " + jobId + " counted ahead: eligible at " + eligibleAt + " (" + waitsFor + "), within look-ahead "
                + minutes(lookAhead) + " of NodeSet " + nodeSet + "; boot time " + minutes(bootTime)
                + (learned ? " (learned)" : " (policy estimate)");
    }

    /** A duration as minutes and seconds, e.g. {@code 9m30s}. */
    public static String minutes(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + "m" : s / 60 + "m" + s % 60 + "s";
    }
}
