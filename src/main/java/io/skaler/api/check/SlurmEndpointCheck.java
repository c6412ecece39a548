package io.skaler.api.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * slurmrestd reachable with the token, in a version skaler speaks; the token's Slurm user (skaler only reads: an
 * ordinary user's token sees the whole queue unless {@code PrivateData=jobs}, docs/slurm.md) and its expiry (a token
 * file must be renewed before {@code exp}).
 */
public final class SlurmEndpointCheck implements Check {
    static final String NAME = "slurmrestd";
    static final Duration EXPIRY_WARNING = Duration.ofDays(1);
    private static final Set<String> PRIVILEGED = Set.of("slurm", "root");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run(CheckInput in) {
        if (in.endpoint().isEmpty()) {
            if (in.slurm().isPresent()) {
                return List.of(CheckResult.pass(NAME, "Slurm snapshot read (API " + in.slurm().get().apiVersion()
                        + ", " + in.slurm().get().nodes().size() + " nodes); slurmrestd itself not contacted offline"));
            }
            return List.of(CheckResult.skip(NAME, "slurmrestd not contacted and no Slurm snapshot given",
                    "pass --slurm DIR, or --slurm-url URL --slurm-token-file FILE"));
        }
        SlurmEndpoint e = in.endpoint().get();
        if (e.error().isPresent()) {
            return List.of(CheckResult.fail(NAME, e.url() + ": " + e.error().get(),
                    "check skaler.slurm.url (the slurmrestd Service, port 6820), the NetworkPolicy and the token"));
        }
        List<CheckResult> out = new ArrayList<>();
        out.add(CheckResult.pass(NAME, e.url() + " answers; serves " + String.join(", ", e.servedVersions())
                + "; skaler uses " + e.version().orElse("?")));
        if (e.token().isEmpty()) {
            out.add(CheckResult.warn(NAME, "no token given: its user and expiry are unchecked",
                    "pass --slurm-token-file FILE (the file skaler.slurm.auth.token-file names)"));
            return out;
        }
        var token = e.token().get();
        String user = token.user().orElse("");
        if (user.isEmpty()) {
            out.add(CheckResult.warn(NAME, "the token names no Slurm user (no sun claim)",
                    "issue it with scontrol token username=slurm"));
        } else if (!PRIVILEGED.contains(user)) {
            out.add(CheckResult.pass(NAME, "the token is for Slurm user " + user + ": enough to read the whole queue"
                    + " while PrivateData is unset (with PrivateData=jobs it would see only " + user
                    + "'s jobs: then use the SlurmUser)"));
        } else {
            out.add(CheckResult.pass(NAME, "the token is for Slurm user " + user));
        }
        if (token.expiresAt().isEmpty()) {
            out.add(CheckResult.pass(NAME, "the token has no exp claim"));
        } else if (!token.expiresAt().get().isAfter(in.now())) {
            out.add(CheckResult.fail(NAME, "the token expired at " + token.expiresAt().get(),
                    "issue a new one (scontrol token username=slurm lifespan=...) or let skaler mint its own from"
                            + " jwt_hs256.key (skaler.slurm.auth.key-file)"));
        } else if (Duration.between(in.now(), token.expiresAt().get()).compareTo(EXPIRY_WARNING) < 0) {
            out.add(CheckResult.warn(NAME, "the token expires at " + token.expiresAt().get() + ", within a day",
                    "renew the Secret before then, or use skaler.slurm.auth.key-file to mint tokens"));
        } else {
            out.add(CheckResult.pass(NAME, "the token expires at " + token.expiresAt().get()));
        }
        return out;
    }
}
