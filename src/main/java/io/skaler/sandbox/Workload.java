package io.skaler.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The jobs of a scenario as timed submissions, expanded deterministically (runtime jitter from a seeded generator),
 * followed by a quiet tail in which nothing is submitted and the autoscaler should give capacity back; and the
 * reservations made when the run starts, which jobs may ask for.
 */
public record Workload(List<JobGroup> groups, Duration quietTail, long seed, List<WorkloadReservation> reservations) {
    public Workload {
        groups = List.copyOf(groups);
        reservations = List.copyOf(reservations);
        var byName = new java.util.HashMap<String, WorkloadReservation>();
        for (var r : reservations) {
            if (byName.put(r.name(), r) != null) {
                throw new IllegalArgumentException("reservations." + r.name() + ": the name is given twice");
            }
        }
        var earlier = new java.util.HashMap<String, JobGroup>();
        for (var g : groups) {
            if (!g.afterOk().isEmpty()) {
                checkAfterOk(g, earlier.get(g.afterOk()));
            }
            if (g.template().reserved()) {
                checkReservation(g, byName.get(g.template().reservation()));
            }
            earlier.put(g.name(), g);
        }
    }

    /** Without reservations. */
    public Workload(List<JobGroup> groups, Duration quietTail, long seed) {
        this(groups, quietTail, seed, List.of());
    }

    /** A job of {@code g} may use reservation {@code r} as sbatch would let it, and as the sandbox simulates it. */
    private static void checkReservation(JobGroup g, WorkloadReservation r) {
        String f = "jobs." + g.name() + ".reservation: ";
        var t = g.template();
        if (r == null) {
            throw new IllegalArgumentException(f + "'" + t.reservation() + "' is not in reservations:");
        }
        if (!r.users().contains(t.user())) {
            throw new IllegalArgumentException(f + "user " + t.user() + " is not in reservations." + r.name()
                    + ".users (sbatch: Access denied to requested reservation)");
        }
        if (t.deferred() || !g.afterOk().isEmpty() || t.isArray()) {
            throw new IllegalArgumentException(f + "with begin, afterOk or array is not simulated");
        }
    }

    /** Each job of {@code g} depends on the job of {@code on} with its index, submitted no later than itself. */
    private static void checkAfterOk(JobGroup g, JobGroup on) {
        String f = "jobs." + g.name() + ".afterOk: ";
        if (on == null) {
            throw new IllegalArgumentException(f + "'" + g.afterOk() + "' is not a group above this one");
        }
        if (on.count() < g.count()) {
            throw new IllegalArgumentException(f + g.afterOk() + " has " + on.count() + " jobs, fewer than the "
                    + g.count() + " that depend on them");
        }
        if (on.template().isArray() || g.template().deferred()) {
            throw new IllegalArgumentException(f + "a dependency on an array, or with begin, is not simulated");
        }
        for (int i = 0; i < g.count(); i++) {
            if (g.offset(i).compareTo(on.offset(i)) < 0) {
                throw new IllegalArgumentException(f + "job " + i + " is submitted before job " + i + " of "
                        + g.afterOk() + ", which it depends on");
            }
        }
    }

    /**
     * One submission: when (from the start) and what, as the {@code index}-th job of {@code group}; {@code afterOk}
     * names the group whose job of the same index it depends on, or is empty.
     */
    public record Submission(Duration at, JobRequest request, String group, int index, String afterOk) {
        public boolean dependent() {
            return !afterOk.isEmpty();
        }
    }

    public List<Submission> submissions() {
        var random = new Random(seed);
        var out = new ArrayList<Submission>();
        for (var g : groups) {
            for (int i = 0; i < g.count(); i++) {
                var request = g.template();
                if (g.runtimeJitter() > 0) {
                    double factor = 1 + g.runtimeJitter() * (2 * random.nextDouble() - 1);
                    long seconds = Math.max(1, Math.round(request.runtime().toSeconds() * factor));
                    request = WorkloadFile.withRuntime(request, Duration.ofSeconds(seconds));
                }
                out.add(new Submission(g.offset(i), request, g.name(), i, g.afterOk()));
            }
        }
        out.sort(Comparator.comparing(Submission::at)); // stable: groups keep their file order at equal times
        return out;
    }

    /** When the last job is submitted, from the start. */
    public Duration lastSubmission() {
        return submissions().stream().map(Submission::at).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
