package io.skaler.kube;

/**
 * Why the Slinky operator cannot be trusted to drain a Slurm node before it deletes the pod. Each value is a closed
 * metric label ({@code skaler_scale_in_held{reason}}).
 */
public enum DrainBlocker {
    /** skaler's caller could not reach slurmctld/slurmrestd: skaler cannot tell which nodes are busy. */
    SLURM_UNREACHABLE("slurm_unreachable"),
    /** The NodeSet names no Controller, or that Controller does not exist. */
    CONTROLLER_MISSING("controller_missing"),
    /** The Controller's SlurmReachable condition is not True: the operator has no working Slurm client. */
    CONTROLLER_NOT_READY("controller_not_ready"),
    /** No RestApi of the Controller has Available=True: the operator drains through slurmrestd. */
    RESTAPI_NOT_READY("restapi_not_ready"),
    /** Every pod left runs jobs (Slurm or the operator's pod conditions say so). */
    BUSY_NODES("busy_nodes");

    private final String label;

    DrainBlocker(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
