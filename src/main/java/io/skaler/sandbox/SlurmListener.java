package io.skaler.sandbox;

/** What the simulated Slurm tells the report as it happens (called on the simulation thread, inside the model). */
public interface SlurmListener {
    default void jobSubmitted(SimJob job) {
    }

    /** A record started: a plain job, or one array task (its own job id). */
    default void jobStarted(SimJob job) {
    }

    default void jobEnded(SimJob job) {
    }

    default void nodeRegistered(SimNode node) {
    }

    default void nodeUnregistered(SimNode node) {
    }
}
