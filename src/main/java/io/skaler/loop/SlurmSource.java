package io.skaler.loop;

import io.skaler.model.SlurmSnapshot;

/** The loop's view of Slurm: one consistent read of jobs, nodes and partitions, and a cheap change probe. */
public interface SlurmSource {
    Observation<SlurmSnapshot> read();

    /** Cheap poll (for example {@code jobs?update_time=}); {@link Change#FAILED} when Slurm did not answer. */
    Change changedSinceLastRead();

    /** Of the last {@link #read()}: time spent streaming and parsing answers, reported as the cycle's parse phase. */
    default java.time.Duration lastParseTime() {
        return java.time.Duration.ZERO;
    }

    enum Change { CHANGED, UNCHANGED, FAILED }
}
