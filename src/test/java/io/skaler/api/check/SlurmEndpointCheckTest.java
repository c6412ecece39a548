package io.skaler.api.check;

import static io.skaler.api.check.CheckFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlurmEndpointCheckTest {
    static SlurmEndpoint answering(Optional<String> user, Optional<Instant> exp) {
        return new SlurmEndpoint("http://slurm:6820", Optional.empty(), List.of("v0.0.42", "v0.0.41"),
                Optional.of("v0.0.42"), Optional.of(new SlurmEndpoint.TokenClaims(user, exp)));
    }

    static Stream<Arguments> cases() {
        var slurm = Optional.of("slurm");
        var inAWeek = Optional.of(NOW.plus(Duration.ofDays(7)));
        return Stream.of(
                Arguments.of("all good", answering(slurm, inAWeek), List.of(CheckStatus.PASS, CheckStatus.PASS,
                        CheckStatus.PASS)),
                Arguments.of("unreachable", new SlurmEndpoint("http://slurm:6820", Optional.of("connection refused"),
                        List.of(), Optional.empty(), Optional.empty()), List.of(CheckStatus.FAIL)),
                Arguments.of("expired", answering(slurm, Optional.of(NOW.minusSeconds(1))), List.of(CheckStatus.PASS,
                        CheckStatus.PASS, CheckStatus.FAIL)),
                Arguments.of("expires within a day", answering(slurm, Optional.of(NOW.plus(Duration.ofHours(3)))),
                        List.of(CheckStatus.PASS, CheckStatus.PASS, CheckStatus.WARN)),
                // skaler only reads: an ordinary user's token is the least privilege (docs/slurm.md)
                Arguments.of("ordinary user", answering(Optional.of("alice"), inAWeek), List.of(CheckStatus.PASS,
                        CheckStatus.PASS, CheckStatus.PASS)),
                Arguments.of("no exp", answering(Optional.of("root"), Optional.empty()), List.of(CheckStatus.PASS,
                        CheckStatus.PASS, CheckStatus.PASS)),
                Arguments.of("no token", new SlurmEndpoint("u", Optional.empty(), List.of("v0.0.42"),
                        Optional.of("v0.0.42"), Optional.empty()), List.of(CheckStatus.PASS, CheckStatus.WARN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesReachabilityTokenUserAndExpiry(String name, SlurmEndpoint endpoint, List<CheckStatus> expected) {
        var r = new SlurmEndpointCheck().run(CheckInput.empty(NOW).withEndpoint(endpoint));
        assertThat(r).extracting(CheckResult::status).containsExactlyElementsOf(expected);
    }

    @org.junit.jupiter.api.Test
    void offlineASnapshotIsEnoughAndNothingIsASkip() {
        assertThat(new SlurmEndpointCheck().run(CheckInput.empty(NOW).withSlurm(CheckFixtures.slurm())))
                .extracting(CheckResult::status).containsExactly(CheckStatus.PASS);
        assertThat(new SlurmEndpointCheck().run(CheckInput.empty(NOW))).extracting(CheckResult::status)
                .containsExactly(CheckStatus.SKIP);
    }
}
