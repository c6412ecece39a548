package io.skaler.model;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * A pod of a NodeSet: one slurmd, registered in Slurm as {@code slurmNodeName}
 * ({@code nodeset.slinky.slurm.net/pod-hostname}, else the pod hostname, else the pod name).
 */
public record NodeSetPod(
        String podName,
        String slurmNodeName,
        boolean ready,
        boolean terminating,
        Instant createdAt,
        OptionalInt deletionCost) {
}
