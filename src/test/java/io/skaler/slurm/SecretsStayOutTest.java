package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm token and the JWT key never reach a log line (debug included), an error message or the metrics: the client
 * is driven with known secrets through refusals (401/511) and successes while every log record is captured, then the
 * captured text and a Prometheus scrape are searched for the secrets.
 */
class SecretsStayOutTest {

    private static final String TOKEN_A = "eyJhbGciOiJIUzI1NiJ9.first-secret-token-AAAA.sig";
    private static final String TOKEN_B = "eyJhbGciOiJIUzI1NiJ9.second-secret-token-BBBB.sig";
    /** Printable, so that a leak in any encoding can be searched for. */
    private static final String KEY = "jwt-hs256-key-that-must-never-be-logged-0123456789";
    private static final String SHORT_KEY = "tiny-key-QZX7";

    @TempDir
    Path dir;
    private FakeSlurmrestd slurm;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Logger skaler = Logger.getLogger("io.skaler");
    private Level skalerLevel;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sb.append(' ').append(p);
                }
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                sb.append(' ').append(t);
            }
            logged.add(sb.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void start() throws Exception {
        slurm = new FakeSlurmrestd();
        slurm.serve("v0.0.42");
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        skalerLevel = skaler.getLevel();
        skaler.setLevel(Level.ALL); // debug lines too: the retry after a refusal logs at debug
    }

    @AfterEach
    void stop() {
        root.removeHandler(capture);
        skaler.setLevel(skalerLevel);
        slurm.close();
    }

    @Test
    void a_token_file_through_a_refusal_and_a_success_leaves_no_trace() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "SLURM_JWT=" + TOKEN_A + "\n");
        slurm.on("/jobs/", s -> s.header(SlurmHttp.TOKEN_HEADER).filter(TOKEN_B::equals).isPresent()
                ? FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 1))
                : FakeSlurmrestd.Reply.json(401, Answers.error("Authentication failure", "Authentication failure", 1)));
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42),
                new TokenFile(file, Optional.of("slurm")), registry);
        List<String> failures = new ArrayList<>();

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> failures.add(describe(f)));
        Files.writeString(file, TOKEN_B);
        client.jobs(in -> in.readAllBytes());

        assertThat(slurm.seen("/jobs/")).extracting(s -> s.header(SlurmHttp.TOKEN_HEADER).orElseThrow())
                .containsExactly(TOKEN_A, TOKEN_A, TOKEN_B); // the secrets really travelled
        assertNowhere(failures, List.of(TOKEN_A, TOKEN_B, "first-secret-token", "second-secret-token"));
    }

    @Test
    void minted_tokens_and_their_key_through_a_refusal_and_a_success_leave_no_trace() throws Exception {
        Path keyFile = dir.resolve("jwt_hs256.key");
        Files.writeString(keyFile, KEY);
        AtomicInteger calls = new AtomicInteger();
        slurm.on("/jobs/", s -> calls.incrementAndGet() == 1
                ? FakeSlurmrestd.Reply.json(511, Answers.error("Protocol authentication error", "", 1007))
                : FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 1)));
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42),
                new JwtMinter(keyFile, "slurm", Duration.ofMinutes(15), Optional.empty(), Clock.systemUTC()), registry);

        client.jobs(in -> in.readAllBytes()); // refused once, re-minted, then read
        Files.writeString(keyFile, SHORT_KEY); // a broken key file: the failure must not quote it either
        List<String> failures = new ArrayList<>();
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(511, Answers.error("Protocol authentication error", "", 1007)));
        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> failures.add(describe(f)));

        List<String> secrets = new ArrayList<>(List.of(KEY, SHORT_KEY,
                Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)),
                HexFormat.of().formatHex(KEY.getBytes(StandardCharsets.UTF_8))));
        slurm.seen("/jobs/").forEach(s -> s.header(SlurmHttp.TOKEN_HEADER).ifPresent(secrets::add));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(5 + 2); // at least two minted tokens were sent
        assertNowhere(failures, secrets);
    }

    private void assertNowhere(List<String> failures, List<String> secrets) {
        String scrape = registry.scrape();
        assertThat(scrape).contains("skaler_slurmrestd_requests_total"); // the scrape is not empty by accident
        assertThat(logged).as("log records captured").isNotEmpty();
        for (String secret : secrets) {
            assertThat(scrape).as("metrics").doesNotContain(secret);
            assertThat(logged).as("log records").noneSatisfy(line -> assertThat(line).contains(secret));
            assertThat(failures).as("failure messages").noneSatisfy(m -> assertThat(m).contains(secret));
        }
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }
}
