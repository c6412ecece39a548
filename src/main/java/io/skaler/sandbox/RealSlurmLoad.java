package io.skaler.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code --slurm-url} run cost the real Slurm and skaler, next to its summary (JSON {@code realSlurm}).
 *
 * @param backlogJobs           held jobs put in the queue before the workload ({@code --backlog})
 * @param backlogJobsPerSecond  how fast they went in (job/submit over keep-alive connections)
 * @param workloadSeconds       from the workload's first submission to the run's end
 * @param skalerBytesRead       answer bytes skaler's Slurm client read from slurmrestd during the workload
 * @param skalerBytesPerMinute  the same per minute of workload
 * @param slurmrestdRssStartMiB the instance's slurmrestd resident memory when the workload started (after the
 *                              backlog was submitted); max over the run's samples (one per second); at the end
 * @param skalerHeapMaxMiB      the run's JVM heap in use, max over the samples: skaler and the sandbox around it
 *                              (in-process Kubernetes API, report), so an upper bound of skaler's own
 * @param skalerSlurmUser       the user skaler's token names (its {@code sun} claim)
 * @param skalerUserRpcs        slurmctld's RPCs of that user during the workload ({@code /diag rpcs_by_user});
 *                              skaler's alone: the run reads Slurm as root and submits as other users
 * @param rpcsByType            slurmctld's RPCs of the read types during the workload, every user
 *                              ({@code rpcs_by_message_type}): skaler's plus the run's own small reads (one
 *                              {@code job/{id}} per workload job and one {@code nodes} per second)
 */
public record RealSlurmLoad(int backlogJobs, double backlogFillSeconds, double backlogJobsPerSecond,
        double backlogReadSeconds, double backlogCancelSeconds, double workloadSeconds, long skalerBytesRead, long skalerBytesPerMinute,
        double slurmrestdRssStartMiB, double slurmrestdRssMaxMiB, double slurmrestdRssEndMiB,
        double skalerHeapMaxMiB, String skalerSlurmUser, Rpcs skalerUserRpcs, Map<String, Rpcs> rpcsByType) {

    /** RPC count and slurmctld's total time on them (microseconds, as {@code /diag} gives it). */
    public record Rpcs(long count, long totalTimeMicros) {
        Rpcs minus(Rpcs earlier) {
            return new Rpcs(count - earlier.count, totalTimeMicros - earlier.totalTimeMicros);
        }
    }

    public RealSlurmLoad withCancelSeconds(double seconds) {
        return new RealSlurmLoad(backlogJobs, backlogFillSeconds, backlogJobsPerSecond, backlogReadSeconds,
                Math.round(seconds * 10) / 10.0, workloadSeconds,
                skalerBytesRead, skalerBytesPerMinute, slurmrestdRssStartMiB, slurmrestdRssMaxMiB,
                slurmrestdRssEndMiB, skalerHeapMaxMiB, skalerSlurmUser, skalerUserRpcs, rpcsByType);
    }

    /** The summary's JSON with these figures under {@code realSlurm}. */
    public void writeJson(Path file, SandboxSummary summary) throws IOException {
        var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode node = json.valueToTree(summary);
        node.set("realSlurm", json.valueToTree(this));
        json.writeValue(file.toFile(), node);
    }

    public void print(PrintStream out) {
        if (backlogJobs > 0) {
            out.printf(Locale.ROOT, "real Slurm: backlog %d held jobs, submitted at %.0f jobs/s (%.1f s), "
                    + "read by skaler in %.1f s after its start, cancelled in %.1f s%n", backlogJobs,
                    backlogJobsPerSecond, backlogFillSeconds, backlogReadSeconds, backlogCancelSeconds);
        }
        out.printf(Locale.ROOT, "real Slurm: skaler read %s from slurmrestd in %.0f s of workload (%s per minute)%n",
                bytes(skalerBytesRead), workloadSeconds, bytes(skalerBytesPerMinute));
        out.printf(Locale.ROOT, "real Slurm: slurmrestd RSS %.0f MiB at the start, max %.0f MiB, %.0f MiB at the end;"
                + " heap in use max %.0f MiB%n", slurmrestdRssStartMiB, slurmrestdRssMaxMiB, slurmrestdRssEndMiB,
                skalerHeapMaxMiB);
        out.printf(Locale.ROOT, "real Slurm: slurmctld on %s's RPCs: %d, %.3f s%n", skalerSlurmUser,
                skalerUserRpcs.count(), skalerUserRpcs.totalTimeMicros() / 1e6);
        rpcsByType.forEach((type, r) -> out.printf(Locale.ROOT, "real Slurm:   %-26s %6d RPCs %8.3f s (all users)%n",
                type, r.count(), r.totalTimeMicros() / 1e6));
    }

    private static String bytes(long b) {
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", b / 1e6)
                : String.format(Locale.ROOT, "%.1f KB", b / 1e3);
    }
}
