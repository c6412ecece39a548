package io.skaler.slurm;

/**
 * The closed set of things skaler asks Slurm for, all reads; {@link #label()} is the {@code endpoint} metric label.
 */
public enum Endpoint {
    JOBS("jobs"),
    JOBS_STATE("jobs_state"),
    JOB("job"),
    DIAG("diag"),
    NODES("nodes"),
    PARTITIONS("partitions"),
    RESERVATIONS("reservations"),
    PING("ping"),
    METRICS("metrics");

    private final String label;

    Endpoint(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
