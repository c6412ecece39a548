package io.skaler.model;

/** A pending job the plan did not count, and why (Slurm's reason or skaler's, e.g. {@code fits no node shape}). */
public record ExcludedJob(long jobId, String reason) {
}
