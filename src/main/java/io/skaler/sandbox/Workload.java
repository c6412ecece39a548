package io.skaler.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The jobs of a scenario as timed submissions, expanded deterministically (runtime jitter from a seeded generator),
 * followed by a quiet tail in which nothing is submitted and the autoscaler should give capacity back.
 */
public record Workload(List<JobGroup> groups, Duration quietTail, long seed) {
    public Workload {
        groups = List.copyOf(groups);
    }

    /** One submission: when (from the start) and what. */
    public record Submission(Duration at, JobRequest request) {
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
                out.add(new Submission(g.offset(i), request));
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
