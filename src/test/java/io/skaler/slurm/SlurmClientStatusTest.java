package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How each HTTP outcome of slurmrestd becomes a value or one of the three typed failures. */
class SlurmClientStatusTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.c2ln";
    private final ObjectMapper json = new ObjectMapper();
    private FakeSlurmrestd slurm;
    private SimpleMeterRegistry registry;
    private SlurmClient client;

    @BeforeEach
    void start() throws IOException {
        slurm = new FakeSlurmrestd();
        registry = new SimpleMeterRegistry();
        client = new SlurmClient(SlurmClientSettings.of(slurm.url()), staticToken(TOKEN), registry);
    }

    @AfterEach
    void stop() {
        slurm.close();
    }

    static TokenSource staticToken(String value) {
        return TokenSource.fixed(new Token(value));
    }

    @Test
    void a_200_body_is_streamed_to_the_reader_with_accept_json_and_the_token() throws Exception {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(Answers.job(7, "PENDING")), 100)));

        int count = client.jobs(in -> json.readTree(in).get("jobs").size());

        assertThat(count).isEqualTo(1);
        FakeSlurmrestd.Seen get = slurm.seen("/jobs/").get(0);
        assertThat(get.path()).isEqualTo("/slurm/v0.0.42/jobs/");
        assertThat(get.query()).isEmpty();
        assertThat(get.header("Accept")).contains("application/json");
        assertThat(get.header("X-SLURM-USER-TOKEN")).contains(TOKEN);
        assertThat(get.header("X-SLURM-USER-NAME")).isEmpty();
    }

    @Test
    void nodes_never_carry_update_time_and_partitions_ask_for_all() throws Exception {
        slurm.on("/nodes/", s -> FakeSlurmrestd.Reply.json(200, "{\"nodes\":[]}"));
        slurm.on("/partitions/", s -> FakeSlurmrestd.Reply.json(200, "{\"partitions\":[]}"));

        client.nodes(in -> in.readAllBytes().length);
        client.partitions(in -> in.readAllBytes().length);

        assertThat(slurm.seen("/nodes/").get(0).query()).doesNotContain("update_time")
                .isEqualTo("flags=ALL&flags=DETAIL&flags=MIXED&flags=FUTURE");
        assertThat(slurm.seen("/partitions/").get(0).query()).isEqualTo("flags=ALL");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 511})
    void auth_statuses_are_auth_failures_with_slurms_error_text(int status) {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(status,
                Answers.error("Protocol authentication error", "Protocol authentication error", 1007)));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(status);
                    assertThat(f.endpoint()).isEqualTo(Endpoint.JOBS);
                    assertThat(f.slurmErrors()).containsExactly("Protocol authentication error [error 1007]");
                    assertThat(f.getMessage()).doesNotContain(TOKEN);
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void server_errors_mean_slurm_is_unavailable(int status) {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(status,
                Answers.error("Unable to contact slurm controller (connect failure)", "Slurm backup controller in standby mode", 1008)));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(Unavailable.class, f -> {
                    assertThat(f.status()).isEqualTo(status);
                    assertThat(f.slurmErrors()).singleElement().asString()
                            .startsWith("Unable to contact slurm controller (connect failure)");
                    assertThat(f.getMessage()).contains("HTTP " + status).contains("Unable to contact slurm controller");
                });
    }

    @Test
    void a_rejected_query_is_a_bad_answer_keeping_the_error_text() {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(422,
                Answers.error("Parsing of 1795643023 for timestamp failed", "Unable to parse query", 9202)));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(BadAnswer.class, f -> {
                    assertThat(f.status()).isEqualTo(422);
                    assertThat(f.slurmErrors()).singleElement().asString().contains("Parsing of 1795643023");
                });
    }

    @Test
    void an_html_error_page_is_rendered_as_text() {
        slurm.on("/jobs/", s -> new FakeSlurmrestd.Reply(503, "text/html",
                "<html><body><h1>503 Service Unavailable</h1>No server is available</body></html>"
                        .getBytes(StandardCharsets.UTF_8), null));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(Unavailable.class, f ->
                        assertThat(f.slurmErrors()).containsExactly("503 Service Unavailable No server is available"));
    }

    @Test
    void an_unparseable_200_body_is_a_bad_answer() {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, "{\"jobs\":[{\"job_id\":1,"));

        assertThatThrownBy(() -> client.jobs(in -> json.readTree(in)))
                .isInstanceOfSatisfying(BadAnswer.class, f -> {
                    assertThat(f.status()).isEqualTo(200);
                    assertThat(f.getMessage()).contains("unreadable answer");
                });
    }

    @Test
    void a_parser_that_throws_its_own_exception_gives_a_bad_answer_with_its_message() {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, "{\"jobs\":[]}"));

        assertThatThrownBy(() -> client.jobs(in -> {
            throw new IllegalStateException("job 12: node_count must be a number");
        })).isInstanceOfSatisfying(BadAnswer.class,
                f -> assertThat(f.getMessage()).contains("job 12: node_count must be a number"));
    }

    @Test
    void a_connection_refused_is_unavailable() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SlurmClient nowhere = new SlurmClient(SlurmClientSettings.of(URI.create("http://127.0.0.1:" + closedPort))
                .withPinnedVersion(ApiVersion.V0_0_42), staticToken(TOKEN), registry);

        assertThatThrownBy(() -> nowhere.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(Unavailable.class, f -> {
                    assertThat(f.status()).isZero();
                    assertThat(f.endpoint()).isEqualTo(Endpoint.PING);
                });
        assertThat(registry.get("skaler.slurmrestd.requests").tag("status", "connection_error").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void every_request_is_counted_by_endpoint_version_and_status() throws Exception {
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 100)));
        slurm.on("/jobs/state/", s -> FakeSlurmrestd.Reply.json(503, Answers.error("down", "down", 1)));

        client.jobs(in -> in.readAllBytes());
        assertThatThrownBy(() -> client.jobStates(JobStates::read)).isInstanceOf(Unavailable.class);

        assertThat(registry.get("skaler.slurmrestd.requests").tags("endpoint", "ping", "version", "v0.0.44", "status", "404")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("skaler.slurmrestd.requests").tags("endpoint", "ping", "version", "v0.0.42", "status", "200")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("skaler.slurmrestd.requests").tags("endpoint", "jobs", "version", "v0.0.42", "status", "200")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("skaler.slurmrestd.requests").tags("endpoint", "jobs_state", "status", "503")
                .counter().count()).isEqualTo(1.0);
    }
}
