package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skaler.slurm.IncrementalJobs;
import io.skaler.slurm.ParseLimits;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmFailure;
import io.skaler.slurm.SlurmReader;
import io.skaler.slurm.Token;
import io.skaler.slurm.TokenSource;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The first read of a queue large enough to be read incrementally: until it has succeeded, every listed job counts as
 * unread, so neither {@code /api/v1/status} nor a caller waiting for the queue to be read takes a failed first read for
 * a read queue (a {@code sandbox --backlog} run once submitted its workload 8.6 s after skaler's start that way).
 */
class IncrementalFirstReadTest {

    @Test
    void aFailedFirstIncrementalReadLeavesEveryListedJobUnread() throws Exception {
        var slurm = new SimulatedSlurm(new VirtualClock(T0), Jobs.cluster());
        for (int i = 0; i < 5; i++) {
            slurm.submit(Jobs.small(Duration.ofMinutes(30)));
        }
        var fullStateReads = new AtomicInteger();
        try (var server = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start()) {
            HttpServer proxy = failingSecondFullJobState(server.uri(), fullStateReads);
            try {
                var client = new SlurmClient(SlurmClientSettings.of(URI.create("http://127.0.0.1:"
                        + proxy.getAddress().getPort())), TokenSource.fixed(new Token("t")), new SimpleMeterRegistry());
                var reader = new SlurmReader(client, ParseLimits.DEFAULT, Duration.ofMinutes(10),
                        java.time.Clock.systemUTC(), 0, IncrementalJobs.Settings.DEFAULTS);

                // the sandbox serves no diag: the jobs are counted with one full jobs/state, then the incremental
                // view's own first full jobs/state fails
                assertThatThrownBy(reader::readSnapshot).isInstanceOf(SlurmFailure.class);
                assertThat(fullStateReads).hasValue(2);
                assertThat(reader.jobsReadState().incremental()).isTrue();
                assertThat(reader.jobsReadState().listed()).isEqualTo(5);
                assertThat(reader.jobsReadState().unread()).as("nothing was read").isEqualTo(5);

                var read = reader.readSnapshot(); // the next cycle reads them
                assertThat(read.unreadJobs()).isZero();
                assertThat(reader.jobsReadState().unread()).isZero();
                assertThat(read.pendingJobs()).hasSize(5);
            } finally {
                proxy.stop(0);
            }
        }
    }

    /**
     * The first listing is whole whatever the count: walking the ids from 1 ended in the empty ids below a real
     * cluster's (3,000 pending jobs with ids above 40,000 were never seen, and the queue looked empty).
     */
    @Test
    void theFirstListingFindsJobsWhoseIdsRunInTheMillions() throws Exception {
        var slurm = new SimulatedSlurm(new VirtualClock(T0), Jobs.cluster());
        slurm.firstJobId(5_000_000);
        for (int i = 0; i < 30; i++) {
            slurm.submit(Jobs.small(Duration.ofMinutes(30)));
        }
        try (var server = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start()) {
            var client = new SlurmClient(SlurmClientSettings.of(server.uri()), TokenSource.fixed(new Token("t")),
                    new SimpleMeterRegistry());
            // every later listing walks the ids (more than 10 jobs), in windows of 1,000 ids
            var settings = new IncrementalJobs.Settings(16, 4, 50, Duration.ofHours(1), Duration.ofMinutes(1), 1e-6, 1,
                    10);
            var reader = new SlurmReader(client, ParseLimits.DEFAULT, Duration.ofMinutes(10),
                    java.time.Clock.systemUTC(), 0, settings);
            var read = reader.readSnapshot();
            assertThat(read.pendingJobs()).hasSize(30);
            assertThat(read.pendingJobs()).allSatisfy(j -> assertThat(j.jobId()).isGreaterThanOrEqualTo(5_000_000));
            assertThat(read.unreadJobs()).isZero();
            slurm.submit(Jobs.small(Duration.ofMinutes(30))); // and a new one is found by the probe above them
            assertThat(reader.readSnapshot().pendingJobs()).hasSize(31);
        }
    }

    /** Forwards every request to {@code target}, but answers the second full {@code jobs/state} with HTTP 500. */
    private static HttpServer failingSecondFullJobState(URI target, AtomicInteger fullStateReads) throws Exception {
        var http = HttpClient.newHttpClient();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", ex -> {
            try (ex) {
                URI uri = ex.getRequestURI();
                boolean fullState = uri.getPath().matches(".*/jobs/state/?") && uri.getQuery() == null;
                if (fullState && fullStateReads.incrementAndGet() == 2) {
                    ex.sendResponseHeaders(500, -1);
                    return;
                }
                var request = HttpRequest.newBuilder(target.resolve(uri.toString()));
                ex.getRequestHeaders().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("connection")
                            && !name.equalsIgnoreCase("content-length")) {
                        values.forEach(v -> request.header(name, v));
                    }
                });
                byte[] body = ex.getRequestBody().readAllBytes();
                request.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
                HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                answer.headers().firstValue("content-type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
                byte[] bytes = answer.body().readAllBytes();
                ex.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    ex.getResponseBody().write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        proxy.start();
        return proxy;
    }
}
