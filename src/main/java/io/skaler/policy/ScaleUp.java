package io.skaler.policy;

import java.time.Duration;

/**
 * Scale-up settings of one NodeSet.
 *
 * @param maxNodesPerCycle at most this many nodes added in one cycle
 * @param bootTime         the estimate of how long a node takes from being asked for to usable in Slurm, used until
 *                         the NodeSet has learned its own from launches
 * @param lookAhead        how far ahead a job not yet eligible counts as demand
 */
public record ScaleUp(int maxNodesPerCycle, Duration bootTime, LookAhead lookAhead) {
    /** Scale-up with the default boot time and look-ahead (tests, callers that predate anticipation). */
    public ScaleUp(int maxNodesPerCycle) {
        this(maxNodesPerCycle, PolicyDefaults.BOOT_TIME, LookAhead.AUTO);
    }
}
