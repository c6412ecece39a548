package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to slurmrestd ({@code skaler.slurm.ca-bundle}) against an https stand-in on 127.0.0.1 whose certificate a CA
 * made for this run signs: trusted with that CA, refused as a typed {@link Unavailable} with any other (or with the
 * JDK's default CAs), refused when the certificate names another host, and plain http unaffected.
 */
class SlurmTlsTest {

    @TempDir
    static Path dir;
    private static Path rightCa;
    private static Path wrongCa;
    private static FakeSlurmrestd slurm;
    private static FakeSlurmrestd misnamed;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void pki() throws Exception {
        TestPki pki = new TestPki(dir);
        rightCa = pki.ca("slurm-ca");
        wrongCa = pki.ca("other-ca");
        SSLContext server = pki.server("slurmrestd", "slurm-ca", "ip:127.0.0.1");
        SSLContext elsewhere = pki.server("elsewhere", "slurm-ca", "dns:slurm-restapi.elsewhere.example");
        slurm = serving(server);
        misnamed = serving(elsewhere);
    }

    private static FakeSlurmrestd serving(SSLContext tls) throws Exception {
        FakeSlurmrestd s = new FakeSlurmrestd(Optional.of(tls));
        s.serve("v0.0.42");
        s.on("/jobs/", seen -> FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 1)));
        return s;
    }

    @AfterAll
    static void stop() {
        slurm.close();
        misnamed.close();
    }

    private SlurmClient client(FakeSlurmrestd server, Optional<Path> bundle) {
        SlurmClientSettings settings = SlurmClientSettings.of(server.url()).withPinnedVersion(ApiVersion.V0_0_42);
        if (bundle.isPresent()) {
            settings = settings.withCaBundle(CaBundle.load(bundle.get()));
        }
        return new SlurmClient(settings, SlurmClientStatusTest.staticToken("t"), registry);
    }

    private double tlsErrors() {
        var c = registry.find("skaler.slurmrestd.requests").tag("status", "tls_error").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void the_bundles_ca_is_trusted_and_the_answer_read_over_https() throws Exception {
        assertThat(slurm.url().getScheme()).isEqualTo("https");

        byte[] body = client(slurm, Optional.of(rightCa)).jobs(in -> in.readAllBytes());

        assertThat(new String(body)).contains("\"jobs\":[]");
        assertThat(registry.get("skaler.slurmrestd.requests").tags("endpoint", "jobs", "status", "200").counter().count())
                .isEqualTo(1);
    }

    @Test
    void another_ca_is_a_typed_unavailable_that_names_the_bundle_and_counts_a_tls_error() {
        SlurmClient client = client(slurm, Optional.of(wrongCa));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOf(Unavailable.class)
                .hasMessageContaining("TLS with https://127.0.0.1:")
                .hasMessageContaining("skaler.slurm.ca-bundle")
                .hasMessageContaining(wrongCa.toString());
        assertThat(tlsErrors()).isEqualTo(1);
    }

    @Test
    void without_a_bundle_the_jdks_default_cas_do_not_trust_a_private_ca() {
        SlurmClient client = client(slurm, Optional.empty());

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOf(Unavailable.class)
                .hasMessageContaining("TLS with")
                .hasMessageContaining("set skaler.slurm.ca-bundle");
    }

    @Test
    void any_ca_of_a_bundle_with_several_is_trusted() throws Exception {
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(wrongCa) + Files.readString(rightCa));
        assertThat(CaBundle.load(both).certificates()).hasSize(2);

        byte[] body = client(slurm, Optional.of(both)).jobs(in -> in.readAllBytes());

        assertThat(new String(body)).contains("\"jobs\":[]");
    }

    @Test
    void the_host_name_is_still_checked_against_the_certificate() {
        // signed by the trusted CA, but for another host: trust alone must not be enough
        SlurmClient client = client(misnamed, Optional.of(rightCa));

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOf(Unavailable.class)
                .hasMessageContaining("TLS with https://127.0.0.1:");
        assertThat(tlsErrors()).isEqualTo(1);
    }

    @Test
    void plain_http_still_works_with_a_bundle_set() throws Exception {
        try (FakeSlurmrestd plain = new FakeSlurmrestd()) {
            plain.serve("v0.0.42");
            plain.on("/jobs/", seen -> FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 1)));

            byte[] body = client(plain, Optional.of(rightCa)).jobs(in -> in.readAllBytes());

            assertThat(new String(body)).contains("\"jobs\":[]");
        }
    }

    @Test
    void a_missing_empty_or_invalid_bundle_is_refused_naming_the_key_and_the_reason() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n");
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> CaBundle.load(dir.resolve("absent.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("skaler.slurm.ca-bundle: " + dir.resolve("absent.pem") + " does not exist or is not a file");
        assertThatThrownBy(() -> CaBundle.load(dir))
                .hasMessageContaining("skaler.slurm.ca-bundle: ").hasMessageContaining("is not a file");
        assertThatThrownBy(() -> CaBundle.load(empty))
                .hasMessageStartingWith("skaler.slurm.ca-bundle: " + empty + " holds no PEM certificate");
        assertThatThrownBy(() -> CaBundle.load(key))
                .hasMessageStartingWith("skaler.slurm.ca-bundle: " + key + " holds no PEM certificate");
        assertThatThrownBy(() -> CaBundle.load(broken))
                .hasMessageStartingWith("skaler.slurm.ca-bundle: " + broken + " is not a valid PEM certificate bundle");
    }
}
