package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code skaler.slurm.*} keys: defaults, and errors that name the key and the reason. */
class SlurmClientConfigTest {

    private static SlurmClientConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SlurmClientConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(SlurmClientConfig.class);
    }

    @Test
    void defaults() throws Exception {
        SlurmClientConfig c = config(Map.of());

        SlurmClientSettings s = SlurmClientProducer.settings(c);

        assertThat(s.url()).isEqualTo(URI.create("http://localhost:6820"));
        assertThat(s.pinnedVersion()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.listingTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxResponseBytes()).isEqualTo(1L << 30);
        assertThat(s.slurmTimeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.caBundle()).isEmpty();
        assertThat(c.fullReadInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.auth().user()).isEqualTo("slurm");
        assertThat(c.auth().tokenLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.metrics().enabled()).isFalse();
        assertThat(SlurmClientProducer.tokenSource(c.auth(), Clock.systemUTC()).current()).isEmpty();
        assertThat(SlurmClientProducer.metricsReader(c, new SimpleMeterRegistry())).isEmpty();
    }

    @Test
    void a_pinned_version_a_key_file_and_metrics() {
        SlurmClientConfig c = config(Map.of(
                "skaler.slurm.url", "http://slurm-restapi.slurm:6820/",
                "skaler.slurm.api-version", "v0.0.41",
                "skaler.slurm.read-timeout", "2m",
                "skaler.slurm.auth.key-file", "/etc/slurm/jwt_hs256.key",
                "skaler.slurm.auth.user-name", "slurm",
                "skaler.slurm.metrics.enabled", "true",
                "skaler.slurm.metrics.url", "http://slurm-controller.slurm:6817/metrics/partitions"));

        SlurmClientSettings s = SlurmClientProducer.settings(c);

        assertThat(s.url()).isEqualTo(URI.create("http://slurm-restapi.slurm:6820"));
        assertThat(s.pinnedVersion()).contains(ApiVersion.V0_0_41);
        assertThat(s.readTimeout()).isEqualTo(Duration.ofMinutes(2));
        TokenSource tokens = SlurmClientProducer.tokenSource(c.auth(), Clock.systemUTC());
        assertThat(tokens).isInstanceOf(JwtMinter.class);
        assertThat(tokens.userName()).contains("slurm");
        assertThat(SlurmClientProducer.metricsReader(c, new SimpleMeterRegistry())).get()
                .extracting(SlurmMetricsReader::url)
                .isEqualTo(URI.create("http://slurm-controller.slurm:6817/metrics/partitions"));
    }

    @Test
    void bad_values_name_the_key() {
        assertThatThrownBy(() -> SlurmClientProducer.settings(config(Map.of("skaler.slurm.api-version", "v0.0.39"))))
                .hasMessageStartingWith("skaler.slurm.api-version: unsupported slurmrestd API version 'v0.0.39'");
        assertThatThrownBy(() -> SlurmClientProducer.settings(config(Map.of("skaler.slurm.url", "slurm-restapi:6820"))))
                .hasMessageStartingWith("skaler.slurm.url: expected http(s)://host[:port]");
        assertThatThrownBy(() -> SlurmClientProducer.settings(config(Map.of("skaler.slurm.read-timeout", "0s"))))
                .hasMessageStartingWith("skaler.slurm.read-timeout: must be positive");
        assertThatThrownBy(() -> SlurmClientProducer.settings(config(Map.of("skaler.slurm.listing-timeout", "-1s"))))
                .hasMessageStartingWith("skaler.slurm.listing-timeout: must be positive");
        assertThatThrownBy(() -> SlurmClientProducer.settings(config(Map.of("skaler.slurm.url", "https://slurm:6820",
                "skaler.slurm.ca-bundle", "/nonexistent/ca.pem"))))
                .hasMessage("skaler.slurm.ca-bundle: /nonexistent/ca.pem does not exist or is not a file");
        assertThatThrownBy(() -> SlurmClientProducer.tokenSource(config(Map.of(
                "skaler.slurm.auth.token-file", "/t", "skaler.slurm.auth.key-file", "/k")).auth(), Clock.systemUTC()))
                .hasMessageContaining("both set; choose one");
        assertThatThrownBy(() -> SlurmClientProducer.metricsReader(config(Map.of("skaler.slurm.metrics.enabled", "true")),
                new SimpleMeterRegistry())).hasMessageStartingWith("skaler.slurm.metrics.url: required");
    }

    @Test
    void a_token_file_is_taken_as_given() {
        TokenSource t = SlurmClientProducer.tokenSource(
                config(Map.of("skaler.slurm.auth.token-file", "/var/run/secrets/slurm/token")).auth(), Clock.systemUTC());

        assertThat(t).isInstanceOf(TokenFile.class).hasToString("TokenFile[" + Path.of("/var/run/secrets/slurm/token") + "]");
        assertThat(t.userName()).isEqualTo(Optional.empty());
    }
}
