package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 401/511 lead to one retry with a re-read or re-minted token; a second refusal is the caller's AuthFailure. */
class AuthRetryTest {

    @TempDir
    Path dir;
    private FakeSlurmrestd slurm;

    @BeforeEach
    void start() throws Exception {
        slurm = new FakeSlurmrestd();
        slurm.serve("v0.0.42");
    }

    @AfterEach
    void stop() {
        slurm.close();
    }

    /** Accepts only {@code good} as token, like slurmctld with a rotated key: anything else gets 511. */
    private void acceptOnly(String good) {
        slurm.on("/jobs/", s -> s.header("X-SLURM-USER-TOKEN").filter(good::equals).isPresent()
                ? FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 1))
                : FakeSlurmrestd.Reply.json(511, Answers.error("Protocol authentication error", "Protocol authentication error", 1007)));
    }

    @Test
    void a_refused_token_file_is_read_again_and_the_request_retried_once() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "SLURM_JWT=tokenAAA\n");
        TokenFile tokens = new TokenFile(file, Optional.of("slurm"));
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42),
                tokens, new SimpleMeterRegistry());
        acceptOnly("tokenAAA");
        client.jobs(in -> in.readAllBytes());
        // rotate the secret so that neither size nor mtime betray it: only the 511 can make the client re-read
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "SLURM_JWT=tokenBBB\n");
        Files.setLastModifiedTime(file, mtime);
        acceptOnly("tokenBBB");
        slurm.forget();

        client.jobs(in -> in.readAllBytes());

        assertThat(slurm.seen("/jobs/")).extracting(s -> s.header("X-SLURM-USER-TOKEN").orElseThrow())
                .containsExactly("tokenAAA", "tokenBBB");
        assertThat(slurm.seen("/jobs/").get(1).header("X-SLURM-USER-NAME")).contains("slurm");
    }

    @Test
    void a_token_file_is_read_again_when_it_changes() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "first-token");
        TokenFile tokens = new TokenFile(file, Optional.empty());
        assertThat(tokens.current()).contains(new Token("first-token"));

        Files.writeString(file, "second-token-longer");

        assertThat(tokens.current()).contains(new Token("second-token-longer"));
    }

    @Test
    void a_second_refusal_is_an_auth_failure_after_exactly_two_requests() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "stale-token-value");
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42),
                new TokenFile(file, Optional.empty()), new SimpleMeterRegistry());
        acceptOnly("some-other-token");
        client.apiVersion();
        slurm.on("/ping/", s -> FakeSlurmrestd.Reply.json(200, "{}"));
        slurm.forget();

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(511);
                    assertThat(f.getMessage()).doesNotContain("stale-token-value")
                            .contains("Protocol authentication error");
                });
        assertThat(slurm.seen("/jobs/")).hasSize(2);
    }

    @Test
    void a_missing_token_file_is_an_auth_failure_naming_the_file() {
        Path missing = dir.resolve("nope");
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42),
                new TokenFile(missing, Optional.empty()), new SimpleMeterRegistry());

        assertThatThrownBy(() -> client.jobs(in -> in.readAllBytes()))
                .isInstanceOfSatisfying(AuthFailure.class, f -> assertThat(f.getMessage()).contains(missing.toString()));
        assertThat(slurm.seen()).isEmpty();
    }

    @Test
    void no_token_at_all_is_not_retried() {
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42),
                TokenSource.none(), new SimpleMeterRegistry());
        slurm.on("/ping/", s -> FakeSlurmrestd.Reply.text(401, "Authentication failure"));

        assertThatThrownBy(client::apiVersion).isInstanceOfSatisfying(AuthFailure.class, f -> {
            assertThat(f.status()).isEqualTo(401);
            assertThat(f.slurmErrors()).containsExactly("Authentication failure");
            assertThat(f.getMessage()).contains("none is configured");
        });
        assertThat(slurm.seen()).hasSize(1);
    }

    @Test
    void minted_tokens_are_hs256_over_the_raw_key_with_sun_iat_exp() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = dir.resolve("jwt_hs256.key");
        Files.write(keyFile, key);
        Instant now = Instant.parse("2026-11-25T22:00:00Z");
        JwtMinter minter = new JwtMinter(keyFile, "slurm", Duration.ofMinutes(15), Optional.empty(),
                Clock.fixed(now, ZoneOffset.UTC));

        SignedJWT jwt = SignedJWT.parse(minter.current().orElseThrow().value());

        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        assertThat(jwt.verify(new MACVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("sun")).isEqualTo("slurm");
        assertThat(jwt.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(now));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(now.plusSeconds(900)));
        assertThat(minter.renewAt()).isEqualTo(now.plusSeconds(720));
    }

    @Test
    void a_minted_token_is_renewed_after_four_fifths_of_its_life_and_reused_before() throws Exception {
        Path keyFile = dir.resolve("jwt_hs256.key");
        Files.write(keyFile, new byte[32]);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T22:00:00Z"));
        JwtMinter minter = new JwtMinter(keyFile, "slurm", Duration.ofMinutes(15), Optional.empty(), clock);

        Token first = minter.current().orElseThrow();
        clock.advance(Duration.ofSeconds(719));
        Token stillFirst = minter.current().orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        Token second = minter.current().orElseThrow();

        assertThat(stillFirst).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        assertThat(SignedJWT.parse(second.value()).getJWTClaimsSet().getExpirationTime())
                .isEqualTo(Date.from(Instant.parse("2026-11-25T22:27:00Z")));
    }

    @Test
    void a_refused_minted_token_is_minted_again_with_the_rotated_key() throws Exception {
        Path keyFile = dir.resolve("jwt_hs256.key");
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[32];
        newKey[0] = 1;
        Files.write(keyFile, oldKey);
        JwtMinter minter = new JwtMinter(keyFile, "slurm", Duration.ofMinutes(15), Optional.empty(), Clock.systemUTC());
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(ApiVersion.V0_0_42),
                minter, new SimpleMeterRegistry());
        slurm.on("/jobs/", s -> verifies(s.header("X-SLURM-USER-TOKEN").orElse(""), newKey)
                ? FakeSlurmrestd.Reply.json(200, Answers.jobs(List.of(), 1))
                : FakeSlurmrestd.Reply.json(511, Answers.error("Protocol authentication error", "x", 1007)));
        slurm.on("/ping/", s -> FakeSlurmrestd.Reply.json(200, "{}"));
        client.apiVersion();
        minter.current(); // minted with the old key and cached
        Files.write(keyFile, newKey);

        client.jobs(in -> in.readAllBytes());

        assertThat(slurm.seen("/jobs/")).hasSize(2);
    }

    @Test
    void a_short_key_is_refused_with_the_reason() throws Exception {
        Path keyFile = dir.resolve("short.key");
        Files.write(keyFile, new byte[16]);
        JwtMinter minter = new JwtMinter(keyFile, "slurm", Duration.ofMinutes(15), Optional.empty(), Clock.systemUTC());

        assertThatThrownBy(minter::current).hasMessageContaining("holds 16 bytes; HS256 needs at least 32");
    }

    @Test
    void a_token_never_shows_its_value_in_text() {
        assertThat(new Token("very-secret").toString()).doesNotContain("very-secret");
    }

    private static boolean verifies(String token, byte[] key) {
        try {
            return SignedJWT.parse(token).verify(new MACVerifier(key));
        } catch (Exception e) {
            return false;
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
