package io.skaler.loop;

import io.skaler.sandbox.DevSlurmJobs;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-run audit, from Slurm itself: every job of the run as slurmrestd lists it (finished jobs stay listed for
 * MinJobAge, 300 s; there is no slurmdbd for sacct). Read with the sandbox's own reader of the dev Slurm
 * ({@link DevSlurmJobs}), not skaler's client.
 */
final class SlurmJobAudit {

    /** One job (one array task) as Slurm ended it; {@code lost} as {@link DevSlurmJobs.Job#lost()} says. */
    record JobEnd(long jobId, String arrayTask, java.util.List<String> states, int restarts, String reason,
            boolean lost) {
        boolean completed() {
            return states.equals(java.util.List.of("COMPLETED"));
        }
    }

    private final DevSlurmJobs slurm;

    SlurmJobAudit(URI base, String token) {
        this.slurm = new DevSlurmJobs(base, TokenSource.fixed(new Token(token)));
    }

    /** The jobs whose id (or array job id) is one of {@code submitted}, keyed by "id" or "arrayId_task". */
    Map<String, JobEnd> jobs(Collection<Long> submitted) throws IOException, InterruptedException {
        Map<String, JobEnd> out = new TreeMap<>();
        for (var job : slurm.jobs(submitted)) {
            boolean task = job.arrayJobId() > 0 && job.arrayTaskId() >= 0;
            String key = task ? job.arrayJobId() + "_" + job.arrayTaskId() : Long.toString(job.jobId());
            out.put(key, new JobEnd(job.jobId(), job.arrayTaskId() >= 0 ? Long.toString(job.arrayTaskId()) : "",
                    job.states(), job.restarts(), job.reason(), job.lost()));
        }
        return out;
    }
}
