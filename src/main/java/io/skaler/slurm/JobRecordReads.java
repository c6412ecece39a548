package io.skaler.slurm;

import io.skaler.model.RunningJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code job/{id}} reads for {@link IncrementalJobs}, a few in flight at once: slurmrestd serves each request on a
 * thread of its own, so reading four at a time takes about a quarter of the wall time at the same cost to slurmctld.
 */
final class JobRecordReads {
    private final SlurmClient client;
    private final ParseLimits limits;
    private final int parallel;
    private ExecutorService pool;

    JobRecordReads(SlurmClient client, ParseLimits limits, int parallel) {
        this.client = client;
        this.limits = limits;
        this.parallel = parallel;
    }

    /** How one job is read: empty when Slurm no longer knows it. */
    @FunctionalInterface
    interface Read<T> {
        Optional<T> read(long id) throws SlurmFailure;
    }

    /** One job's running records by id (an array's answer lists its tasks); empty when Slurm no longer knows the job. */
    Optional<Map<Long, RunningJob>> readRunning(long id, EligibilityContext ctx) throws SlurmFailure {
        return client.job(id, in -> new JobsParser(limits).parseRunning(in, ctx));
    }

    /** One job's records; empty when Slurm no longer knows the job. */
    Optional<JobsParser.TrackedAnswer> read(long id, EligibilityContext ctx) throws SlurmFailure {
        return client.job(id, in -> new JobsParser(limits).parseTracked(in, ctx));
    }

    /**
     * Reads the batch ({@code parallel} at most) and applies each answer in the batch's order. The first failure
     * fails the call, and every job of the batch not applied yet is handed to {@code requeue}, so none is forgotten.
     */
    void readAll(List<TrackedJob> batch, EligibilityContext ctx,
                 BiConsumer<TrackedJob, Optional<JobsParser.TrackedAnswer>> apply, Consumer<TrackedJob> requeue)
            throws SlurmFailure {
        readAll(batch, id -> read(id, ctx), apply, requeue);
    }

    /** {@link #readAll(List, EligibilityContext, BiConsumer, Consumer)} with another read. */
    <T> void readAll(List<TrackedJob> batch, Read<T> read, BiConsumer<TrackedJob, Optional<T>> apply,
                     Consumer<TrackedJob> requeue) throws SlurmFailure {
        if (batch.size() == 1) {
            try {
                apply.accept(batch.get(0), read.read(batch.get(0).id));
            } catch (SlurmFailure | RuntimeException e) {
                requeue.accept(batch.get(0));
                throw e;
            }
            return;
        }
        List<Future<Optional<T>>> reads = new ArrayList<>();
        for (TrackedJob t : batch) {
            reads.add(pool().submit(() -> read.read(t.id)));
        }
        for (int i = 0; i < batch.size(); i++) {
            try {
                apply.accept(batch.get(i), reads.get(i).get());
            } catch (ExecutionException e) {
                reads.forEach(f -> f.cancel(true));
                batch.subList(i, batch.size()).forEach(requeue);
                if (e.getCause() instanceof SlurmFailure f) {
                    throw f;
                }
                throw new IllegalStateException("reading job " + batch.get(i).id + " failed", e.getCause());
            } catch (InterruptedException e) {
                batch.subList(i, batch.size()).forEach(requeue);
                Thread.currentThread().interrupt();
                throw new Unavailable(Endpoint.JOB, "interrupted while reading jobs", e);
            }
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(parallel, r -> {
                Thread t = new Thread(r, "skaler-slurm-job-read");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }
}
