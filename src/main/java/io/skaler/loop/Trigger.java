package io.skaler.loop;

import java.time.Instant;

/** Why a cycle should run. Every source feeds the same queue; the batching window merges them. */
public record Trigger(Source source, Instant at, String detail) {
    public enum Source { KUBE_WATCH, SLURM_CHANGE, HTTP, RESYNC, POLICY, STARTUP, WAKE_UP }
}
