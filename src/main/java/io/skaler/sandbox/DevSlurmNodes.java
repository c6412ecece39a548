package io.skaler.sandbox;

/**
 * What a kubelet and slurm-operator do to the dev Slurm's nodes when NodeSet pods come and go: start a node's slurmd
 * (its State=FUTURE placeholder becomes IDLE), stop it (drain, stop, back to FUTURE), and ask {@code scontrol}.
 * Failures are unchecked ({@link DevSlurmScripts.DevSlurmException}) with the script's own one-line reason.
 */
public interface DevSlurmNodes {
    void nodeUp(String node);

    void nodeDown(String node);

    /** Runs scontrol as root inside the cluster and returns its output. */
    String scontrol(String... args);
}
