package io.skaler.kube;

/**
 * Why the Slinky operator cannot be trusted to drain a Slurm node before it deletes the pod. Each value is a closed
 * metric label ({@code skaler_scale_in_held{reason}}).
 */
public enum DrainBlocker {
    /** skaler's caller could not reach slurmctld/slurmrestd: skaler cannot tell which nodes are busy. */
    /** The NodeSet names no Controller, or that Controller does not exist. */
    CONTROLLER_MISSING("controller_missing"),
    /** No RestApi names the Controller in spec.controllerRef: the operator holds no Slurm client, so cannot drain. */
    RESTAPI_MISSING("restapi_missing"),
    /** The NodeSet's status shows ready pods but no Slurm node state: the operator's Slurm client does not work. */
    NO_SLURM_CLIENT("no_slurm_client"),
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
