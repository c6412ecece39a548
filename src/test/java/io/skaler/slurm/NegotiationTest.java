package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Version negotiation: newest served first, pinning, and re-negotiation when an upgrade removes the chosen version. */
class NegotiationTest {

    private FakeSlurmrestd slurm;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() throws IOException {
        slurm = new FakeSlurmrestd();
        registry = new SimpleMeterRegistry();
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 1)));
    }

    @AfterEach
    void stop() {
        slurm.close();
    }

    private SlurmClient client(SlurmClientSettings settings) {
        return new SlurmClient(settings, SlurmClientStatusTest.staticToken("t"), registry);
    }

    @Test
    void probes_newest_first_and_takes_the_first_served() throws Exception {
        slurm.serve("v0.0.40", "v0.0.41", "v0.0.42"); // Slurm 24.11
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()));

        assertThat(client.negotiatedVersion()).isEmpty();
        assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_42);

        assertThat(slurm.seen()).extracting(FakeSlurmrestd.Seen::path)
                .containsExactly("/slurm/v0.0.44/ping/", "/slurm/v0.0.43/ping/", "/slurm/v0.0.42/ping/");
        assertThat(client.negotiatedVersion()).contains(ApiVersion.V0_0_42);
        assertThat(registry.get("skaler.slurmrestd.api.version").tag("version", "v0.0.42").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void picks_v0_0_44_on_a_25_11_and_v0_0_41_on_a_24_05() throws Exception {
        slurm.serve("v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44");
        assertThat(client(SlurmClientSettings.of(slurm.url())).apiVersion()).isEqualTo(ApiVersion.V0_0_44);
        slurm.serve("v0.0.39", "v0.0.40", "v0.0.41");
        assertThat(client(SlurmClientSettings.of(slurm.url())).apiVersion()).isEqualTo(ApiVersion.V0_0_41);
    }

    @Test
    void on_26_05_v0_0_44_is_chosen_over_v0_0_45_which_hides_exclusive_jobs() throws Exception {
        slurm.serve("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"); // 26.05: 404 for v0.0.40/41
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()));

        assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_44);
        assertThat(slurm.seen()).extracting(FakeSlurmrestd.Seen::path).containsExactly("/slurm/v0.0.44/ping/");
    }

    @Test
    void a_slurm_serving_only_versions_that_hide_exclusivity_is_read_with_the_newest_of_those() throws Exception {
        slurm.serve("v0.0.45", "v0.0.46");
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()));

        assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_45);
        assertThat(slurm.seen()).extracting(FakeSlurmrestd.Seen::path).containsExactly("/slurm/v0.0.44/ping/",
                "/slurm/v0.0.43/ping/", "/slurm/v0.0.42/ping/", "/slurm/v0.0.41/ping/", "/slurm/v0.0.40/ping/",
                "/slurm/v0.0.45/ping/");
    }

    @Test
    void v0_0_45_may_be_pinned() throws Exception {
        slurm.serve("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45");
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.parse("v0.0.45")));

        assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_45);
    }

    @Test
    void a_pinned_version_is_used_without_probing_others() throws Exception {
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_41));

        client.jobs(in -> in.readAllBytes());

        assertThat(slurm.seen()).extracting(FakeSlurmrestd.Seen::path)
                .containsExactly("/slurm/v0.0.41/ping/", "/slurm/v0.0.41/jobs/");
    }

    @Test
    void a_pinned_version_that_is_not_served_is_a_bad_answer_listing_what_is() {
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_44));

        assertThatThrownBy(client::apiVersion).isInstanceOfSatisfying(BadAnswer.class, f -> assertThat(f.getMessage())
                .contains("pinned API version v0.0.44 (skaler.slurm.api-version) is not served")
                .contains("it serves [v0.0.42, v0.0.41, v0.0.40]"));
    }

    @Test
    void no_supported_version_is_a_bad_answer() {
        slurm.serve("v0.0.38", "v0.0.39");

        assertThatThrownBy(client(SlurmClientSettings.of(slurm.url()))::apiVersion)
                .isInstanceOfSatisfying(BadAnswer.class, f -> assertThat(f.getMessage()).contains("serves none"));
    }

    @Test
    void an_auth_failure_while_probing_stops_the_negotiation() {
        slurm.on("/ping/", s -> FakeSlurmrestd.Reply.json(401, Answers.error("Authentication failure", "x", 0)));

        assertThatThrownBy(client(SlurmClientSettings.of(slurm.url()))::apiVersion).isInstanceOf(AuthFailure.class);
    }

    @Test
    void when_an_upgrade_removes_the_chosen_version_the_client_renegotiates_and_retries() throws Exception {
        slurm.serve("v0.0.40", "v0.0.41");
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()));
        client.jobs(in -> in.readAllBytes());
        assertThat(client.negotiatedVersion()).contains(ApiVersion.V0_0_41);
        slurm.serve("v0.0.42", "v0.0.43"); // slurmrestd restarted on a newer Slurm
        slurm.forget();

        client.jobs(in -> in.readAllBytes());

        assertThat(client.negotiatedVersion()).contains(ApiVersion.V0_0_43);
        assertThat(slurm.seen()).extracting(FakeSlurmrestd.Seen::path).containsExactly(
                "/slurm/v0.0.41/jobs/", "/slurm/v0.0.41/ping/",
                "/slurm/v0.0.44/ping/", "/slurm/v0.0.43/ping/", "/slurm/v0.0.43/jobs/");
        assertThat(registry.find("skaler.slurmrestd.api.version").gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("version")).isEqualTo("v0.0.43"));
    }

    @Test
    void a_404_while_the_version_still_answers_ping_is_a_bad_answer_without_renegotiation() throws Exception {
        SlurmClient client = client(SlurmClientSettings.of(slurm.url()));
        client.apiVersion();
        slurm.forget();

        assertThatThrownBy(() -> client.jobStates(in -> in.readAllBytes())) // no route: 404, ping still served
                .isInstanceOfSatisfying(BadAnswer.class, f -> assertThat(f.status()).isEqualTo(404));
        assertThat(slurm.seen()).extracting(FakeSlurmrestd.Seen::path)
                .containsExactly("/slurm/v0.0.42/jobs/state/", "/slurm/v0.0.42/ping/");
    }

    @Test
    void prometheus_sees_the_documented_metric_names() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()), SlurmClientStatusTest.staticToken("t"),
                prometheus);

        client.jobs(in -> in.readAllBytes());

        List<OpenMetricsParser.Sample> samples = OpenMetricsParser.parse(
                new java.io.ByteArrayInputStream(prometheus.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                name -> name.startsWith("skaler_"));
        assertThat(samples).contains(
                new OpenMetricsParser.Sample("skaler_slurmrestd_api_version", java.util.Map.of("version", "v0.0.42"), 1),
                new OpenMetricsParser.Sample("skaler_slurmrestd_requests_total",
                        java.util.Map.of("endpoint", "ping", "status", "404", "version", "v0.0.44"), 1),
                new OpenMetricsParser.Sample("skaler_slurmrestd_requests_total",
                        java.util.Map.of("endpoint", "jobs", "status", "200", "version", "v0.0.42"), 1));
    }

    @Test
    void api_versions_parse_from_their_usual_spellings() {
        assertThat(ApiVersion.parse("v0.0.42")).isEqualTo(ApiVersion.V0_0_42);
        assertThat(ApiVersion.parse("0.0.40")).isEqualTo(ApiVersion.V0_0_40);
        assertThat(ApiVersion.parse("v0044")).isEqualTo(ApiVersion.V0_0_44);
        assertThatThrownBy(() -> ApiVersion.parse("v0.0.39")).hasMessageContaining("unsupported slurmrestd API version 'v0.0.39'")
                .hasMessageContaining("v0.0.40");
    }
}
