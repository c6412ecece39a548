package io.skaler.sandbox;

import io.skaler.model.Gres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A seeded job history for the bundled cluster (partitions {@code cpu}, {@code gpu-h100}, {@code trn1}), to measure
 * and test the replay before a real accounting export is at hand: submissions follow a day/night cycle; 80 % CPU jobs
 * of 1-8 tasks, 5 % H100 jobs (1-8 GPUs, one in ten a 2- or 4-node exclusive job), 6 % Trainium jobs, 7 % CPU arrays
 * with a {@code %10} throttle, 2 % jobs of a GPU mix with a long limit; run times are exponential (minutes to hours,
 * capped by the limit); one job in fifty is cancelled 1-30 minutes after submission (if still pending then). The same
 * seed gives the same history.
 */
public final class SyntheticHistory {
    private SyntheticHistory() {
    }

    public static List<HistoryJob> generate(int jobs, Duration span, Instant start, long seed) {
        var rnd = new Random(seed);
        List<HistoryJob> out = new ArrayList<>(jobs);
        double spanSeconds = span.toSeconds();
        for (int i = 0; i < jobs; i++) {
            Instant at = start.plusSeconds((long) diurnal(rnd, spanSeconds));
            out.add(job(i, at, rnd));
        }
        out.sort(java.util.Comparator.comparing(HistoryJob::submitted));
        return out;
    }

    /** A submit offset within the span, twice as likely in the working day as at night (rejection sampling). */
    private static double diurnal(Random rnd, double span) {
        while (true) {
            double t = rnd.nextDouble() * span;
            double hour = (t / 3600) % 24;
            double weight = 0.5 + 0.5 * Math.max(0, Math.sin((hour - 6) / 14 * Math.PI));
            if (rnd.nextDouble() < weight) {
                return t;
            }
        }
    }

    private static HistoryJob job(int i, Instant at, Random rnd) {
        double kind = rnd.nextDouble();
        String user = "user" + rnd.nextInt(40);
        JobRequest r;
        if (kind < 0.80) {
            int tasks = 1 + rnd.nextInt(8);
            int cpus = 1 + rnd.nextInt(2);
            Duration run = runtime(rnd, 15 * 60, 4 * 3600);
            r = request("cpu-" + i, user, "cpu", 1, tasks, cpus, 2000L * tasks * cpus, Gres.NONE, false, 0, 0, run);
        } else if (kind < 0.85) {
            Duration run = runtime(rnd, 25 * 60, 6 * 3600);
            if (rnd.nextInt(10) == 0) {
                int nodes = rnd.nextBoolean() ? 2 : 4;
                r = request("h100-" + i, user, "gpu-h100", nodes, nodes * 8, 16, 1_000_000,
                        Gres.of("gpu:h100", 8), true, 0, 0, run);
            } else {
                int gpus = 1 << rnd.nextInt(4);
                r = request("h100-" + i, user, "gpu-h100", 1, gpus, 16, 200_000L * gpus, Gres.of("gpu:h100", gpus),
                        false, 0, 0, run);
            }
        } else if (kind < 0.91) {
            int neuron = 4 << rnd.nextInt(3);
            r = request("trn1-" + i, user, "trn1", 1, 1, 32, 31_000L * neuron, Gres.of("neuron", neuron), false, 0, 0,
                    runtime(rnd, 20 * 60, 4 * 3600));
        } else if (kind < 0.98) {
            r = request("sweep-" + i, user, "cpu", 1, 1, 2, 4000, Gres.NONE, false, 10 + rnd.nextInt(41), 10,
                    runtime(rnd, 5 * 60, 3600));
        } else {
            r = request("eval-" + i, user, "gpu-h100", 1, 2, 16, 400_000, Gres.of("gpu:h100", 2), false, 0, 0,
                    runtime(rnd, 60 * 60, 8 * 3600));
        }
        Optional<Instant> cancel = rnd.nextInt(50) == 0
                ? Optional.of(at.plusSeconds(60 + rnd.nextInt(29 * 60))) : Optional.empty();
        return new HistoryJob(Long.toString(100_000 + i), at, r, cancel);
    }

    private static Duration runtime(Random rnd, double meanSeconds, long capSeconds) {
        long s = (long) Math.ceil(-Math.log(1 - rnd.nextDouble()) * meanSeconds);
        return Duration.ofSeconds(Math.max(30, Math.min(capSeconds, s)));
    }

    private static JobRequest request(String name, String user, String partition, int nodes, int tasks,
            int cpusPerTask, long memPerNodeMB, Gres perNode, boolean exclusive, int array, int throttle,
            Duration runtime) {
        Duration limit = Duration.ofMinutes(Math.max(10, runtime.toMinutes() * 2 + 1));
        return new JobRequest(name, user, List.of(partition), nodes, tasks, cpusPerTask, memPerNodeMB, perNode,
                Gres.NONE, Gres.NONE, exclusive, "", array, throttle, runtime, limit, 1, false);
    }
}
