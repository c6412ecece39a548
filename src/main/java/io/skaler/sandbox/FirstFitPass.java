package io.skaler.sandbox;

import io.skaler.model.Gres;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * One pass of slurmctld's main scheduler, without backfill: pending records in priority order; each takes the first
 * nodes of a partition that fit it (a multi-node job needs all its nodes free at once); once a job cannot start, the
 * partitions it asked for are blocked for the rest of the pass and the jobs behind it wait with reason
 * {@code Priority}. A throttled array stops at {@code %N} running tasks ({@code JobArrayTaskLimit}).
 *
 * <p>A het job is tried whole when the first of its components comes up: each component takes nodes of its own
 * partitions, the nodes its earlier components took counted as taken, and only when every component has its place
 * do they all start; otherwise none does and the partitions of all its components are blocked (Slurm starts the
 * components of a het job together or not at all: docs/upstream.md, the table of what HistoryFile relies on).
 *
 * <p>Reservations decide which nodes a job may take ({@link SimReservations#mayUse}); a job kept off nodes of its
 * partition by one waits {@code ReqNodeNotAvail}, as slurmctld says.
 */
final class FirstFitPass {
    static final String NOT_AVAILABLE =
            "Nodes required for job are DOWN, DRAINED or reserved for jobs in higher priority partitions";

    /** What a pass does to the model (so this class only decides). */
    interface Effects {
        void reason(SimJob job, String reason, String description);

        void start(SimJob pendingRecord, String partition, List<String> nodes);

        /** The pending components of het job {@code hetJobId}, in offset order. */
        List<SimJob> hetComponents(long hetJobId);

        /** Whether reservations let {@code job} run on {@code node} now ({@link SimReservations#mayUse}). */
        boolean mayUse(SimJob job, SimNode node);

        /** Whether a reservation keeps {@code job} off some node of {@code partition}. */
        boolean reservedFrom(SimJob job, String partition);
    }

    private final LongFunction<SimJob> jobs;
    private final Collection<Long> order;
    private final Map<String, SimNode> nodes;
    private final Map<Long, Integer> arrayRunning;
    private final Effects effects;
    private final Set<Long> hetJobsTried = new HashSet<>();

    FirstFitPass(LongFunction<SimJob> jobs, Map<?, Long> queue, Map<String, SimNode> nodes,
            Map<Long, Integer> arrayRunning, Effects effects) {
        this.jobs = jobs;
        this.order = new ArrayList<>(queue.values()); // starting a job edits the queue
        this.nodes = nodes;
        this.arrayRunning = arrayRunning;
        this.effects = effects;
    }

    void run() {
        Set<String> all = new HashSet<>();
        nodes.values().forEach(n -> all.addAll(n.partitions()));
        Set<String> blocked = new HashSet<>();
        for (long id : order) {
            if (blocked.containsAll(all)) {
                return; // nothing further can start: later jobs keep their last reason, as in slurmctld
            }
            runOne(id, blocked);
        }
    }

    private void runOne(long id, Set<String> blocked) {
        SimJob job = jobs.apply(id);
        if (job != null && job.pending() && job.het()) {
            runHet(job.hetJobId(), blocked);
            return;
        }
        while (job != null && job.pending()) {
            var req = job.request();
            if (job.arrayRecord() && req.arrayThrottle() > 0
                    && arrayRunning.getOrDefault(job.arrayJobId(), 0) >= req.arrayThrottle()) {
                setReason(job, "JobArrayTaskLimit", "");
                return;
            }
            boolean tried = false;
            for (String p : req.partitions()) {
                if (blocked.contains(p)) {
                    continue;
                }
                tried = true;
                var on = place(nodes, job, p);
                if (on.isPresent()) {
                    effects.start(job, p, on.get());
                    break;
                }
            }
            SimJob now = jobs.apply(id);
            if (now == job) { // nothing started
                if (!tried) {
                    setReason(job, "Priority", "");
                } else {
                    SimJob waiting = job;
                    if (req.partitions().stream().anyMatch(p -> effects.reservedFrom(waiting, p))) {
                        setReason(job, "ReqNodeNotAvail", SimReservations.MAY_BE_RESERVED); // measured on 24.11.5
                    } else {
                        boolean enough = req.partitions().stream().anyMatch(p -> usable(waiting, p) >= req.nodes());
                        setReason(job, "Resources", enough ? "" : NOT_AVAILABLE);
                    }
                    blocked.addAll(req.partitions());
                }
                return;
            }
            job = now.arrayRecord() ? now : null; // an array goes on with its next task
        }
    }

    /** Places every component of the het job, or none: the components start together or not at all. */
    private void runHet(long hetJobId, Set<String> blocked) {
        if (!hetJobsTried.add(hetJobId)) {
            return; // tried whole when its first component came up in this pass
        }
        List<SimJob> components = effects.hetComponents(hetJobId);
        Map<String, SimNode> taken = new LinkedHashMap<>(nodes);
        List<String> partitions = new ArrayList<>(components.size());
        List<List<String>> placed = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            SimJob c = components.get(i);
            var req = c.request();
            boolean tried = false;
            for (String p : req.partitions()) {
                if (blocked.contains(p)) {
                    continue;
                }
                tried = true;
                var on = place(taken, c, p);
                if (on.isPresent()) {
                    on.get().forEach(n -> taken.put(n, allocate(taken.get(n), c)));
                    partitions.add(p);
                    placed.add(on.get());
                    break;
                }
            }
            if (placed.size() == i) { // this component found no place: none starts
                for (SimJob w : components) {
                    setReason(w, tried ? "Resources" : "Priority", "");
                    if (tried) {
                        blocked.addAll(w.request().partitions());
                    }
                }
                return;
            }
        }
        for (int i = 0; i < components.size(); i++) {
            effects.start(components.get(i), partitions.get(i), placed.get(i));
        }
    }

    /** What starting {@code job} on {@code n} takes from it (as the simulated slurmctld allocates). */
    static SimNode allocate(SimNode n, SimJob job) {
        var req = job.request();
        return n.allocate(job.jobId(), req.cpusPerNode(n.shape().cpus()),
                req.exclusive() ? n.shape().memoryMB() : req.memoryPerNodeMB(), req.gresNeededPerNode(), 0);
    }

    private void setReason(SimJob job, String reason, String description) {
        if (!job.reason().equals(reason) || !job.reasonDescription().equals(description)) {
            effects.reason(job, reason, description);
        }
    }

    private Optional<List<String>> place(Map<String, SimNode> nodes, SimJob job, String partition) {
        var req = job.request();
        var chosen = new ArrayList<String>(req.nodes());
        Gres need = req.gresNeededPerNode(); // once per placement, not once per node
        for (var n : nodes.values()) {
            if (!n.available() || !n.partitions().contains(partition) || !hasFeatures(n, req)
                    || !effects.mayUse(job, n)) {
                continue;
            }
            if (req.exclusive() ? !n.busy() && fitsEmpty(n, req, need) : fitsNow(n, req, need)) {
                chosen.add(n.name());
                if (chosen.size() == req.nodes()) {
                    return Optional.of(chosen);
                }
            }
        }
        return Optional.empty();
    }

    private long usable(SimJob job, String partition) {
        var req = job.request();
        return nodes.values().stream()
                .filter(n -> n.available() && n.partitions().contains(partition) && effects.mayUse(job, n)
                        && fitsEmpty(n, req, req.gresNeededPerNode())).count();
    }

    /** Whether a partition has enough configured nodes (FUTURE included) of a shape that can run the job. */
    static boolean couldEverRun(JobRequest req, List<SimNode> partitionNodes) {
        Gres need = req.gresNeededPerNode();
        return partitionNodes.stream().filter(n -> fitsEmpty(n, req, need)).count() >= req.nodes();
    }

    private static boolean fitsNow(SimNode n, JobRequest req, Gres need) {
        return n.fits(req.cpusPerNode(n.shape().cpus()), req.memoryPerNodeMB(), need);
    }

    private static boolean fitsEmpty(SimNode n, JobRequest req, Gres need) {
        var s = n.shape();
        return hasFeatures(n, req) && req.cpusPerNode(s.cpus()) <= s.cpus() && req.memoryPerNodeMB() <= s.memoryMB()
                && GresMath.fits(s.gres(), Gres.NONE, need);
    }

    /** {@code --constraint=a&b}: every listed feature must be on the node. */
    private static boolean hasFeatures(SimNode n, JobRequest req) {
        if (req.features().isBlank()) {
            return true;
        }
        for (String f : req.features().split("&")) {
            if (!n.shape().features().contains(f.trim())) {
                return false;
            }
        }
        return true;
    }
}
