package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code sandbox --slurm-url --backlog N}: fills the real Slurm with N distinct held jobs before the workload, so
 * submit-to-scale is measured on a big queue. Each is its own record (not an array task), so it costs a reader of
 * the queue what a pending job costs; held, it needs no node and changes no plan. Submitted through slurmrestd's
 * {@code job/submit} over a few HTTP/1.1 keep-alive connections (an sbatch per job would take a process each), as
 * {@link #USER} with that user's own token; cancelled with one {@code scancel} by name and user.
 */
public final class DevSlurmBacklog {
    /** The name every backlog job carries, so the cancel finds them and nothing else. */
    public static final String JOB_NAME = "skaler-backlog";
    /** An ordinary user of the dev Slurm; the workload's jobs are told apart by their ids, not their user. */
    public static final String USER = "alice";
    /** Served by both dev Slurms (24.11: v0.0.40-42; 26.05: v0.0.42 and up). */
    private static final String SUBMIT = "/slurm/v0.0.42/job/submit";
    private static final int CONNECTIONS = 4;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the fill went: jobs submitted and the wall time it took. */
    public record Filled(int jobs, double seconds) {
        public double perSecond() {
            return seconds <= 0 ? 0 : jobs / seconds;
        }
    }

    private final URI base;
    private final String userToken;
    private final String body;
    private final PrintStream out;
    private final AtomicInteger resent = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // slurmrestd answers an h2c upgrade with headers the JDK rejects
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param partition a partition of the scenario (the jobs queue there, held) */
    public DevSlurmBacklog(URI base, String userToken, String partition, PrintStream out) {
        this.base = base;
        this.userToken = userToken;
        this.out = out;
        var job = JSON.createObjectNode();
        job.put("name", JOB_NAME).put("partition", partition).put("current_working_directory", "/tmp")
                .put("script", "#!/bin/sh\nsleep 60\n").put("hold", true).put("tasks", 1).put("minimum_nodes", 1);
        job.putArray("environment").add("PATH=/usr/bin:/bin");
        this.body = JSON.createObjectNode().set("job", job).toString();
    }

    /** Submits {@code n} held jobs, printing progress; the first failure stops the fill and is thrown. */
    public Filled fill(int n) throws IOException, InterruptedException {
        long start = System.nanoTime();
        var next = new AtomicInteger();
        var done = new AtomicInteger();
        var failure = new AtomicReference<Exception>();
        var workers = new ArrayList<Thread>();
        for (int c = 0; c < Math.min(CONNECTIONS, n); c++) {
            var t = new Thread(() -> {
                while (failure.get() == null && next.getAndIncrement() < n) {
                    try {
                        submitOne();
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "backlog-" + c);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        for (var t : workers) {
            while (t.isAlive()) {
                t.join(PROGRESS_EVERY.toMillis());
                if (t.isAlive()) {
                    printProgress(done.get(), n, start);
                }
            }
        }
        if (failure.get() instanceof IOException e) {
            throw new IOException("backlog: job " + (done.get() + 1) + " of " + n + ": " + e.getMessage(), e);
        } else if (failure.get() instanceof InterruptedException e) {
            throw e;
        } else if (failure.get() != null) {
            throw new IllegalStateException("backlog: " + failure.get().getMessage(), failure.get());
        }
        var filled = new Filled(n, (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "sandbox: backlog of %d held jobs submitted in %.1f s (%.0f jobs/s)%s%n", n,
                filled.seconds(), filled.perSecond(), resent.get() == 0 ? "" : "; " + resent.get()
                        + " sent again after the connection closed unanswered (each may have added one job)");
        return filled;
    }

    /** Cancels every backlog job (also those of a fill that failed half-way); returns the seconds it took. */
    public static double cancel(DevSlurmScripts scripts, PrintStream out) {
        long start = System.nanoTime();
        scripts.run(Duration.ofMinutes(10), "in-chroot", "scancel", "--name=" + JOB_NAME, "--user=" + USER);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "sandbox: backlog cancelled (scancel --name=%s --user=%s) in %.1f s%n", JOB_NAME,
                USER, seconds);
        return seconds;
    }

    private void printProgress(int done, int n, long start) {
        double s = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "sandbox: backlog %d/%d held jobs submitted (%.0f jobs/s)%n", done, n, done / s);
    }

    /**
     * One submission, sent again (at most twice) when the connection closed with no answer: slurmrestd closes an idle
     * kept-alive connection as the client reuses it ("header parser received no bytes", seen once in 60,000). If
     * the lost request was served, the backlog holds one job more; a held backlog job changes no plan either way.
     */
    private void submitOne() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                submitOnce();
                return;
            } catch (IOException e) {
                if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                    throw e;
                }
                resent.incrementAndGet();
            }
        }
    }

    private void submitOnce() throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve(SUBMIT)).header("X-SLURM-USER-TOKEN", userToken)
                .header("X-SLURM-USER-NAME", USER).header("Content-Type", "application/json")
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() != 200 || answer.path("job_id").asLong(0) <= 0) {
            throw new IOException("slurmrestd " + SUBMIT + " answered " + response.statusCode() + ": "
                    + answer.path("errors"));
        }
    }
}
