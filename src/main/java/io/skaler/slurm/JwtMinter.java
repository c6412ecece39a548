package io.skaler.slurm;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Mints HS256 tokens from Slurm's own {@code jwt_hs256.key} (the raw key bytes, as {@code AuthAltParameters=jwt_key=}
 * names it), the way slurm-operator does: claims {@code iat}, {@code exp} and {@code sun} (the Slurm user), renewed
 * once four fifths of the lifetime have passed so a token never expires in flight. The key file is read at every
 * mint, so a rotated key is used from the next token on.
 */
public final class JwtMinter implements TokenSource {

    private final Path keyFile;
    private final String slurmUser;
    private final Duration lifetime;
    private final Optional<String> userName;
    private final Clock clock;
    private Token token;
    private Instant renewAt = Instant.MIN;

    public JwtMinter(Path keyFile, String slurmUser, Duration lifetime, Optional<String> userName, Clock clock) {
        if (slurmUser.isBlank()) {
            throw new IllegalArgumentException("skaler.slurm.auth.user: the Slurm user to mint for must not be empty");
        }
        if (lifetime.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("skaler.slurm.auth.token-lifetime: must be at least 10s, got " + lifetime);
        }
        this.keyFile = keyFile;
        this.slurmUser = slurmUser;
        this.lifetime = lifetime;
        this.userName = userName;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Token> current() throws IOException {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(renewAt)) {
            token = mint(now);
            renewAt = now.plus(lifetime.multipliedBy(4).dividedBy(5));
        }
        return Optional.of(token);
    }

    private Token mint(Instant now) throws IOException {
        byte[] key;
        try {
            key = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new IOException("JWT key file " + keyFile + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        if (key.length < 32) {
            throw new IOException("JWT key file " + keyFile + " holds " + key.length
                    + " bytes; HS256 needs at least 32 (Slurm's jwt_hs256.key is 32 random bytes)");
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("sun", slurmUser)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IOException("cannot sign a token with the key in " + keyFile + ": " + e.getMessage(), e);
        }
        return new Token(jwt.serialize());
    }

    /** When the current token will be replaced; {@link Instant#MIN} before the first mint. */
    public synchronized Instant renewAt() {
        return renewAt;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
    }

    @Override
    public Optional<String> userName() {
        return userName;
    }

    @Override
    public String toString() {
        return "JwtMinter[" + keyFile + ", sun=" + slurmUser + "]";
    }
}
