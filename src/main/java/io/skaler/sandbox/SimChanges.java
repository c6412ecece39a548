package io.skaler.sandbox;

/**
 * What a poller of the simulated slurmctld compares: a count of every change, and when the jobs and the nodes last
 * changed (the {@code update_time} a client sends back). Jobs, nodes and reservations share it, so one count covers
 * them all. Not thread-safe: used under {@link SimulatedSlurm}'s lock.
 */
final class SimChanges {
    private final VirtualClock clock;
    private long count;
    private long jobsLastUpdate;
    private long nodesLastUpdate;

    SimChanges(VirtualClock clock) {
        this.clock = clock;
        jobsLastUpdate = clock.epochSecond();
        nodesLastUpdate = clock.epochSecond();
    }

    void jobsChanged() {
        count++;
        jobsLastUpdate = clock.epochSecond();
    }

    void nodesChanged() {
        count++;
        nodesLastUpdate = clock.epochSecond();
    }

    /** A change with no {@code update_time} of its own (a reservation made). */
    void otherChanged() {
        count++;
    }

    long count() {
        return count;
    }

    long jobsLastUpdate() {
        return jobsLastUpdate;
    }

    long nodesLastUpdate() {
        return nodesLastUpdate;
    }
}
