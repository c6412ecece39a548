package io.skaler.sandbox;

import io.skaler.model.Gres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongBiFunction;

/**
 * A scenario's jobs as sbatch command lines for the dev Slurm: each job runs {@code sleep} for its runtime (no jitter:
 * a real run is short and its jobs few). {@code begin} becomes {@code --begin=now+SECONDS} and {@code afterOk} the
 * {@code --dependency=afterok:ID} on the id sbatch gave job i of the named group, as the simulated run submits them.
 * Only what sbatch can say directly is accepted; the rest is an error naming the field.
 */
public final class DevSlurmWorkload {
    /**
     * One sbatch, due {@code offset} after the run starts, made from {@code request} (the need it adds), as job
     * {@code index} of {@code group}; {@code afterOk} names the group whose job of the same index it waits for, or is
     * empty.
     */
    public record Submission(Duration offset, JobRequest request, String group, int index, String afterOk,
            List<String> args) {
        public Submission {
            args = List.copyOf(args);
        }

        public String user() {
            return request.user();
        }

        public List<String> partitions() {
            return request.partitions();
        }

        public boolean dependent() {
            return !afterOk.isEmpty();
        }

        /** Not owed a node before its {@code --begin} time or its dependency's end: timed from eligibility. */
        public boolean waitsForEligibility() {
            return dependent() || request.deferred();
        }

        /** The arguments of a submission that depends on no other job. */
        public List<String> sbatchArgs() {
            if (dependent()) {
                throw new IllegalStateException("job " + index + " of " + group + " depends on job " + index
                        + " of " + afterOk + ": its arguments need that job's id");
            }
            return args;
        }

        /**
         * The arguments; {@code jobIdOf} gives the id sbatch printed for job {@code index} of {@code group}. The
         * dependency goes before {@code --wrap}, whose argument ends the line.
         */
        public List<String> sbatchArgs(ToLongBiFunction<String, Integer> jobIdOf) {
            if (!dependent()) {
                return args;
            }
            var out = new ArrayList<>(args.subList(0, args.size() - 2));
            out.add("--dependency=afterok:" + jobIdOf.applyAsLong(afterOk, index));
            out.addAll(args.subList(args.size() - 2, args.size()));
            return List.copyOf(out);
        }
    }

    private DevSlurmWorkload() {
    }

    public static List<Submission> of(Workload workload) {
        var out = new ArrayList<Submission>();
        for (JobGroup g : workload.groups()) {
            var r = g.template();
            String f = "jobs." + g.name() + ".";
            if (!r.gresPerJob().isEmpty() || !r.gresPerTask().isEmpty()) {
                throw new IllegalArgumentException(f + "gresPerJob/gresPerTask: not supported against the real "
                        + "Slurm; use gresPerNode");
            }
            if (r.reserved()) { // the reservation would have to be made on the real Slurm first
                throw new IllegalArgumentException(f + "reservation: not supported against the real Slurm yet");
            }
            for (int i = 0; i < g.count(); i++) {
                out.add(new Submission(g.offset(i), r, g.name(), i, g.afterOk(), args(r)));
            }
        }
        out.sort(Comparator.comparing(Submission::offset));
        return List.copyOf(out);
    }

    static List<String> args(JobRequest r) {
        var a = new ArrayList<String>();
        a.addAll(List.of("-J", r.name(), "-p", String.join(",", r.partitions()), "-N", Integer.toString(r.nodes()),
                "-n", Integer.toString(r.tasks()), "--cpus-per-task=" + r.cpusPerTask(),
                "--mem=" + r.memoryPerNodeMB(), "-t", Long.toString(Math.max(1, (r.timeLimit().toSeconds() + 59) / 60))));
        if (!r.gresPerNode().isEmpty()) {
            a.add("--gres=" + gres(r.gresPerNode()));
        }
        if (r.exclusive()) {
            a.add("--exclusive");
        }
        if (!r.features().isBlank()) {
            a.addAll(List.of("-C", r.features()));
        }
        if (r.arrayTasks() > 0) {
            a.add("--array=0-" + (r.arrayTasks() - 1) + (r.arrayThrottle() > 0 ? "%" + r.arrayThrottle() : ""));
        }
        if (r.hold()) {
            a.add("-H");
        }
        if (r.deferred()) { // a count without a unit is seconds (Slurm src/common/parse_time.c, parse_time)
            a.add("--begin=now+" + Math.max(1, (r.begin().toMillis() + 999) / 1000));
        }
        a.addAll(List.of("--wrap", "sleep " + Math.max(1, r.runtime().toSeconds())));
        return List.copyOf(a);
    }

    private static String gres(Gres g) {
        return String.join(",", g.amounts().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }
}
