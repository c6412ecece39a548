package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The size cap and the timeouts: a body too big, an answer too slow, a body that stalls, a connection that breaks. */
class BodyLimitsTest {

    private FakeSlurmrestd slurm;
    private SlurmClientSettings base;
    /** A stalled answer is held until the test ends, not for a fixed time a loaded machine could outlast. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        slurm = new FakeSlurmrestd();
        base = SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42);
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        slurm.close();
    }

    private SlurmClient client(SlurmClientSettings settings) {
        return new SlurmClient(settings, SlurmClientStatusTest.staticToken("t"), new SimpleMeterRegistry());
    }

    @Test
    void a_body_over_the_cap_is_a_bad_answer_naming_the_cap() {
        String big = Answers.jobs(java.util.Collections.nCopies(200, Answers.job(1, "PENDING")), 5);
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, big));
        SlurmClient client = client(base.withMaxResponseBytes(4096));

        assertThatThrownBy(() -> client.jobs(in -> new ObjectMapper().readTree(in)))
                .isInstanceOfSatisfying(BadAnswer.class, f -> assertThat(f.getMessage())
                        .contains("exceeds the size cap of 4096 bytes").contains("skaler.slurm.max-response-bytes"));
    }

    @Test
    void the_cap_is_recognised_whatever_the_parser_wraps_it_in() {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, "x".repeat(10_000)));
        SlurmClient client = client(base.withMaxResponseBytes(2048));

        assertThatThrownBy(() -> client.jobs(in -> {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("parser gave up", e);
            }
        })).isInstanceOfSatisfying(BadAnswer.class, f -> assertThat(f.getMessage()).contains("size cap of 2048"));
    }

    @Test
    void a_body_under_the_cap_is_read_whole() throws Exception {
        String body = Answers.jobs(java.util.Collections.nCopies(10, Answers.job(1, "PENDING")), 5);
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, body));

        byte[] read = client(base.withMaxResponseBytes(body.length())).jobs(in -> in.readAllBytes());

        assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void no_answer_within_the_read_timeout_is_unavailable() {
        slurm.on("/jobs/", s -> {
            awaitTestOver();
            return FakeSlurmrestd.Reply.json(200, "{}");
        });
        SlurmClient client = client(base.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(Unavailable.class, f -> assertThat(f.getMessage()).contains("no answer within PT0.3S"));
    }

    @Test
    void the_whole_job_state_listing_has_the_listing_timeout_and_only_it() throws Exception {
        String states = "{\"jobs\":[],\"errors\":[],\"warnings\":[]}";
        slurm.on("/jobs/state/", s -> {
            if (s.query() != null && s.query().contains("job_id=")) {
                awaitTestOver(); // a few ids: the read timeout applies
            } else {
                pause(800); // longer than the read timeout, far inside the listing timeout
            }
            return FakeSlurmrestd.Reply.json(200, states);
        });
        SlurmClient client = client(base.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .withListingTimeout(Duration.ofMinutes(2)));

        assertThat(new String(client.jobStates(in -> in.readAllBytes()), StandardCharsets.UTF_8)).isEqualTo(states);
        assertThatThrownBy(() -> client.jobStates(List.of(7L, 8L), in -> in.readAllBytes()))
                .isInstanceOfSatisfying(Unavailable.class, f -> assertThat(f.getMessage())
                        .contains("no answer within PT0.3S").contains("skaler.slurm.read-timeout"));
    }

    @Test
    void a_listing_over_the_listing_timeout_names_that_key() {
        slurm.on("/jobs/state/", s -> {
            awaitTestOver();
            return FakeSlurmrestd.Reply.json(200, "{}");
        });
        SlurmClient client = client(base.withListingTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> client.jobStates(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(Unavailable.class, f -> assertThat(f.getMessage())
                        .contains("no answer within PT0.3S").contains("skaler.slurm.listing-timeout"));
    }

    @Test
    void a_body_that_stalls_after_the_headers_is_cut_at_the_deadline() {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.streamed(200, out -> {
            out.write("{\"jobs\":[".getBytes(StandardCharsets.UTF_8));
            out.flush();
            testOver.await();
        }));
        SlurmClient client = client(base.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)));

        assertThatThrownBy(() -> client.jobs(in -> new ObjectMapper().readTree(in)))
                .isInstanceOfSatisfying(Unavailable.class, f -> assertThat(f.getMessage())
                        .contains("not complete within PT0.5S").contains("skaler.slurm.read-timeout"));
    }

    @Test
    void a_connection_that_breaks_mid_body_is_unavailable_not_a_bad_answer() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                for (int i = 0; i < 2; i++) { // the ping, then the jobs request
                    try (Socket s = raw.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        String head = i == 0 ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                                : "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"jobs\":[";
                        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            SlurmClient client = client(SlurmClientSettings.of(URI.create("http://127.0.0.1:" + raw.getLocalPort()))
                    .withPinnedVersion(ApiVersion.V0_0_42));

            assertThatThrownBy(() -> client.jobs(in -> new ObjectMapper().readTree(in)))
                    .isInstanceOfSatisfying(Unavailable.class, f -> assertThat(f.getMessage())
                            .contains("connection broke after 9 bytes"));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitTestOver() {
        try {
            testOver.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
