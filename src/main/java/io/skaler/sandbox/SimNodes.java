package io.skaler.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node table of the simulated slurmctld: a FUTURE placeholder for every slot of every NodeSet from the start (as
 * slurm.conf lists them), which slurmd registers and leaves as its pod comes and goes, and what DRAIN, RESUME,
 * reservations and jobs do to each node. Not thread-safe: {@link SimulatedSlurm} calls it under its lock.
 */
final class SimNodes {
    private final VirtualClock clock;
    private final SimChanges changes;
    private final List<SlurmListener> listeners;
    private final Map<String, SimNode> byName = new LinkedHashMap<>();

    SimNodes(List<SandboxNodeSet> nodeSets, VirtualClock clock, SimChanges changes, List<SlurmListener> listeners) {
        this.clock = clock;
        this.changes = changes;
        this.listeners = listeners;
        for (var ns : nodeSets) {
            for (int i = 0; i < ns.maxNodes(); i++) {
                var n = SimNode.placeholder(ns.name(), i, List.of(ns.partition()), ns.node());
                byName.put(n.name(), n);
            }
        }
    }

    /** Every node by name in slurm.conf order; live, for the scheduling pass and reservations to read. */
    Map<String, SimNode> byName() {
        return byName;
    }

    Optional<SimNode> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The node called {@code name}; an unknown name is refused as slurmctld refuses it. */
    SimNode node(String name) {
        var n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("Invalid node name specified: " + name);
        }
        return n;
    }

    /** Refuses, as slurmctld does at submission, a job that no configured node of its partitions could ever run. */
    void checkSubmit(JobRequest request) {
        boolean possible = request.partitions().stream().anyMatch(p -> FirstFitPass.couldEverRun(request,
                byName.values().stream().filter(n -> n.partitions().contains(p)).toList()));
        if (!possible) {
            throw new IllegalArgumentException("job " + request.name()
                    + ": Requested node configuration is not available in partitions " + request.partitions());
        }
    }

    /** slurmd registers: the FUTURE placeholder becomes an IDLE node. False when it was registered already. */
    boolean register(String name, String podComment) {
        var n = node(name);
        if (n.registered()) {
            return false;
        }
        var up = n.registeredAs(podComment, clock.epochSecond());
        byName.put(name, up);
        changes.nodesChanged();
        listeners.forEach(l -> l.nodeRegistered(up));
        return true;
    }

    /**
     * slurmd stopped on the node {@code before} shows (its jobs ended already): it returns to a FUTURE placeholder.
     * Listeners are told of the node as it was before its jobs ended.
     */
    void unregistered(SimNode before) {
        var name = before.name();
        byName.put(name, byName.get(name).backToFuture());
        changes.nodesChanged();
        listeners.forEach(l -> l.nodeUnregistered(before));
    }

    void drain(String name, String reason, String byUser) {
        var n = node(name);
        requireRegistered(n, "DRAIN");
        byName.put(name, n.drained(true, reason, byUser, clock.epochSecond()));
        changes.nodesChanged();
    }

    void resume(String name) {
        var n = node(name);
        requireRegistered(n, "RESUME");
        byName.put(name, n.drained(false, "", "", clock.epochSecond()));
        changes.nodesChanged();
    }

    private static void requireRegistered(SimNode n, String what) {
        if (!n.registered()) {
            // real-slurm.md pitfall 13: DRAIN/RESUME on a FUTURE node misbehaves; refuse it clearly instead
            throw new IllegalStateException("node " + n.name() + " is FUTURE: " + what + " applies to registered nodes");
        }
    }

    /** Marks {@code names} as held by reservation {@code reservation} ({@code ""}: by none). */
    void reservedBy(List<String> names, String reservation) {
        names.forEach(n -> byName.put(n, byName.get(n).reservedBy(reservation)));
        changes.nodesChanged();
    }

    /** A job started: its nodes give it their cpus, memory and GRES. */
    void allocate(SimJob running, long now) {
        var req = running.request();
        for (String name : running.nodes()) {
            var n = byName.get(name);
            byName.put(name, n.allocate(running.jobId(), req.cpusPerNode(n.shape().cpus()), memoryMB(req, n),
                    req.gresNeededPerNode(), now));
        }
        changes.nodesChanged();
    }

    /** A job ended: the nodes it still runs on get back what {@link #allocate} gave it. */
    void release(SimJob job, long now) {
        var req = job.request();
        long id = job.jobId();
        for (String name : job.nodes()) {
            var n = byName.get(name);
            if (n.runningJobs().contains(id)) {
                byName.put(name, n.release(id, req.cpusPerNode(n.shape().cpus()), memoryMB(req, n),
                        req.gresNeededPerNode(), now));
            }
        }
        changes.nodesChanged();
    }

    /** An exclusive job holds the node's whole memory, whatever it asked for. */
    private static long memoryMB(JobRequest req, SimNode n) {
        return req.exclusive() ? n.shape().memoryMB() : req.memoryPerNodeMB();
    }
}
