package io.skaler.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A job history as read from a real cluster's accounting ({@link HistoryFile}): the jobs that can be replayed, in
 * submit order, and one {@link HistoryProblem} per kind of record that could not be (or only approximately).
 */
public record History(List<HistoryJob> jobs, List<HistoryProblem> problems) {

    public History {
        jobs = List.copyOf(jobs);
        problems = List.copyOf(problems);
    }

    /** The problems as the user reads them, one line per kind. */
    public List<String> problemLines() {
        return problems.stream().map(HistoryProblem::line).toList();
    }

    /**
     * The jobs submitted in {@code [from, to)} ({@code --from}/{@code --to}; either may be absent). Jobs outside are
     * not problems, just not asked for.
     */
    public History window(Optional<Instant> from, Optional<Instant> to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("--from " + from.get() + " is not before --to " + to.get());
        }
        List<HistoryJob> kept = jobs.stream()
                .filter(j -> from.isEmpty() || !j.submitted().isBefore(from.get()))
                .filter(j -> to.isEmpty() || j.submitted().isBefore(to.get()))
                .toList();
        return new History(kept, problems);
    }

    /**
     * The jobs the cluster can take: a job's partitions are narrowed to those the cluster has; a job with none of them
     * is left out and counted under "partition not in the cluster" with the first unknown name (a het job, when any
     * of its components has none).
     */
    public History inPartitions(Set<String> known) {
        var tally = new HistoryProblems();
        tally.addAll(problems);
        List<HistoryJob> kept = new ArrayList<>();
        for (HistoryJob j : jobs) {
            List<JobRequest> narrowed = new ArrayList<>();
            for (JobRequest r : j.components()) {
                List<String> ours = r.partitions().stream().filter(known::contains).toList();
                if (ours.isEmpty()) { // a het job with one component the cluster cannot take is left out whole
                    String has = String.join(", ", known.stream().sorted().toList());
                    tally.skipped("partition not in the cluster (it has " + has + ")",
                            j.id() + " in " + String.join(",", r.partitions()));
                    break;
                }
                narrowed.add(ours.size() == r.partitions().size() ? r : withPartitions(r, ours));
            }
            if (narrowed.size() == j.components().size()) {
                kept.add(narrowed.equals(j.components()) ? j : new HistoryJob(j.id(), j.submitted(), narrowed.get(0),
                        j.cancelledWhilePendingAt(), narrowed.subList(1, narrowed.size())));
            }
        }
        return new History(kept, tally.list());
    }

    private static JobRequest withPartitions(JobRequest r, List<String> partitions) {
        return new JobRequest(r.name(), r.user(), partitions, r.nodes(), r.tasks(), r.cpusPerTask(),
                r.memoryPerNodeMB(), r.gresPerNode(), r.gresPerJob(), r.gresPerTask(), r.exclusive(), r.features(),
                r.arrayTasks(), r.arrayThrottle(), r.runtime(), r.timeLimit(), r.priority(), r.hold());
    }
}
