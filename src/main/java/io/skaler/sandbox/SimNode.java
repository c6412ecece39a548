package io.skaler.sandbox;

import io.skaler.model.Gres;
import io.skaler.policy.NodeShape;
import java.util.List;

/**
 * One Slurm node of the simulation: a FUTURE placeholder named {@code <nodeset>-<ordinal>} until a pod registers it,
 * then IDLE / MIXED / ALLOCATED, possibly with DRAIN. Immutable: the model swaps in a new value on each change.
 *
 * @param registered slurmd has registered (a Ready pod); false means the hidden FUTURE placeholder
 * @param runningJobs jobs allocated here (their ids)
 * @param lastBusy   unix seconds the node last ran a job (its registration time if it never did)
 * @param comment    the pod identity slurm-operator writes, {@code ""} while FUTURE
 * @param reservation the active reservation holding it ({@code RESERVED} in its state), {@code ""} for none
 */
public record SimNode(
        String name,
        String nodeSet,
        int ordinal,
        List<String> partitions,
        NodeShape shape,
        boolean registered,
        boolean drain,
        String reason,
        String reasonSetByUser,
        long reasonChangedAt,
        int allocCpus,
        long allocMemoryMB,
        Gres gresUsed,
        List<Long> runningJobs,
        long lastBusy,
        long bootTime,
        String comment,
        String reservation) {

    public SimNode {
        partitions = List.copyOf(partitions);
        runningJobs = List.copyOf(runningJobs);
    }

    public static SimNode placeholder(String nodeSet, int ordinal, List<String> partitions, NodeShape shape) {
        return new SimNode(nodeSet + "-" + ordinal, nodeSet, ordinal, partitions, shape, false, false, "", "", 0,
                0, 0, Gres.NONE, List.of(), 0, 0, "", "");
    }

    public boolean busy() {
        return !runningJobs.isEmpty();
    }

    /** Registered, not drained: the scheduler may place work here. */
    public boolean available() {
        return registered && !drain;
    }

    /** Slurm's base state plus flags, as {@code state[]} lists them. */
    public List<String> stateFlags() {
        var flags = new java.util.ArrayList<String>(3);
        flags.add(!registered ? "FUTURE"
                : runningJobs.isEmpty() ? "IDLE" : allocCpus >= shape.cpus() ? "ALLOCATED" : "MIXED");
        if (!reservation.isEmpty()) {
            flags.add("RESERVED"); // measured on 24.11.5: [FUTURE, RESERVED], [IDLE, RESERVED, ...]
        }
        if (registered && drain) {
            flags.add("DRAIN");
        }
        return List.copyOf(flags);
    }

    /** Whether {@code cpus}, {@code memMB} and {@code gres} fit in what is still free here. */
    public boolean fits(int cpus, long memMB, Gres gres) {
        if (shape.cpus() - allocCpus < cpus || shape.memoryMB() - allocMemoryMB < memMB) {
            return false;
        }
        return GresMath.fits(shape.gres(), gresUsed, gres);
    }

    public SimNode allocate(long jobId, int cpus, long memMB, Gres gres, long now) {
        var jobs = new java.util.ArrayList<>(runningJobs);
        jobs.add(jobId);
        if (!fits(cpus, memMB, gres)) {
            throw new IllegalStateException(name + ": job " + jobId + " does not fit");
        }
        Gres used = gresUsed.plus(GresMath.concrete(shape.gres(), gres));
        return new SimNode(name, nodeSet, ordinal, partitions, shape, registered, drain, reason, reasonSetByUser,
                reasonChangedAt, allocCpus + cpus, allocMemoryMB + memMB, used, jobs, now, bootTime, comment, reservation);
    }

    public SimNode release(long jobId, int cpus, long memMB, Gres gres, long now) {
        var jobs = new java.util.ArrayList<>(runningJobs);
        jobs.remove(jobId);
        return new SimNode(name, nodeSet, ordinal, partitions, shape, registered, drain, reason, reasonSetByUser,
                reasonChangedAt, allocCpus - cpus, allocMemoryMB - memMB, GresMath.minus(gresUsed, GresMath.concrete(shape.gres(), gres)),
                jobs, now, bootTime, comment, reservation);
    }

    public SimNode registeredAs(String podComment, long now) {
        return new SimNode(name, nodeSet, ordinal, partitions, shape, true, false, "", "", 0,
                0, 0, Gres.NONE, List.of(), now, now, podComment, reservation);
    }

    /** Back to FUTURE; a reservation holding it still does (Slurm keeps FUTURE nodes in reservations). */
    public SimNode backToFuture() {
        return placeholder(nodeSet, ordinal, partitions, shape).reservedBy(reservation);
    }

    /** Held by active reservation {@code name} from now ({@code ""}: no longer). */
    public SimNode reservedBy(String name) {
        return new SimNode(this.name, nodeSet, ordinal, partitions, shape, registered, drain, reason, reasonSetByUser,
                reasonChangedAt, allocCpus, allocMemoryMB, gresUsed, runningJobs, lastBusy, bootTime, comment, name);
    }

    public SimNode drained(boolean on, String why, String byUser, long now) {
        return new SimNode(name, nodeSet, ordinal, partitions, shape, registered, on, on ? why : "", on ? byUser : "",
                on ? now : 0, allocCpus, allocMemoryMB, gresUsed, runningJobs, lastBusy, bootTime, comment, reservation);
    }

}
