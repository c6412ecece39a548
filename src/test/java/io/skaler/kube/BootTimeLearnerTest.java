package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skaler.kube.BootTimeLearner.Launch;
import io.skaler.kube.BootTimeLearner.Registration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Boot times learned from NodeClaim, pod and Slurm timestamps: p90, each launch once, restarts and outliers. */
class BootTimeLearnerTest {
    static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");
    static final Duration CEILING = Duration.ofMinutes(20);

    static Launch launch(String pod, int askedMin, Integer readyAfterSec) {
        Instant asked = T0.plus(Duration.ofMinutes(askedMin));
        return new Launch(pod, asked, Optional.ofNullable(readyAfterSec).map(asked::plusSeconds));
    }

    static BootTimeSamples learn(BootTimeSamples prior, Instant now, Launch... launches) {
        return BootTimeLearner.learn(prior, List.of(launches), now, CEILING);
    }

    @Test
    void theEstimateIsTheP90OfTheLaunchesOnceThereAreThree() {
        Instant now = T0.plus(Duration.ofHours(1));
        var two = learn(BootTimeSamples.NONE, now, launch("w-0", 0, 300), launch("w-1", 0, 360));
        assertThat(BootTimeLearner.estimate(two)).as("two launches are not enough to trust").isEmpty();
        var three = learn(two, now, launch("w-0", 0, 300), launch("w-1", 0, 360), launch("w-2", 1, 480));
        assertThat(three.seconds()).containsExactly(300L, 360L, 480L);
        assertThat(BootTimeLearner.estimate(three)).contains(Duration.ofSeconds(480));
    }

    @Test
    void aRestartedSkalerReadingTheAnnotationBackCountsNothingTwice() {
        Instant now = T0.plus(Duration.ofHours(1));
        Launch[] seen = {launch("w-0", 0, 300), launch("w-1", 1, 360), launch("w-2", 2, 420)};
        var first = learn(BootTimeSamples.NONE, now, seen);
        var afterRestart = BootTimeSamples.parse(first.annotation());
        assertThat(afterRestart).isEqualTo(first);
        assertThat(learn(afterRestart, now.plusSeconds(60), seen)).isEqualTo(first);
    }

    @Test
    void aSlurmdRestartOnAnOldPodIsNotANewBoot() {
        Instant now = T0.plus(Duration.ofHours(1));
        var counted = learn(BootTimeSamples.NONE, now, launch("w-0", 0, 300));
        // slurmd restarted: the pod's Ready condition moved 40 minutes on; the pod and its ask time are the same
        var again = learn(counted, now, launch("w-0", 0, 2400));
        assertThat(again.seconds()).containsExactly(300L);
    }

    @Test
    void aLaunchStillComingIsWaitedForNotSkippedByAFasterLaterOne() {
        Instant now = T0.plus(Duration.ofMinutes(5));
        var meanwhile = learn(BootTimeSamples.NONE, now, launch("w-0", 0, null), launch("w-1", 1, 120));
        assertThat(meanwhile.seconds()).isEmpty();
        var later = learn(meanwhile, now.plus(Duration.ofMinutes(10)), launch("w-0", 0, 600), launch("w-1", 1, 120));
        assertThat(later.seconds()).containsExactly(600L, 120L);
    }

    @Test
    void outliersBeyondTheProvisioningTimeoutOrNegativeAreDroppedAndNeverArrivedDoesNotBlock() {
        Instant now = T0.plus(Duration.ofHours(3));
        var s = learn(BootTimeSamples.NONE, now,
                launch("w-0", 0, null),            // never became Ready, long past the ceiling: presumed failed
                launch("w-1", 1, 3 * 3600),        // 3 hours: not a boot, dropped
                launch("w-2", 2, -30),             // Ready before asked (skew): dropped
                launch("w-3", 3, 400));
        assertThat(s.seconds()).containsExactly(400L);
        assertThat(s.through()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    }

    @Test
    void theWindowKeepsTheLastTwentyAndP90IgnoresTheSlowestTwo() {
        List<Launch> launches = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            launches.add(launch("w-" + i, i, i < 5 ? 60 : 300 + i));
        }
        launches.set(23, launch("w-23", 23, 1100));
        launches.set(24, launch("w-24", 24, 1150));
        var s = BootTimeLearner.learn(BootTimeSamples.NONE, launches, T0.plus(Duration.ofHours(2)), CEILING);
        assertThat(s.seconds()).hasSize(BootTimeLearner.WINDOW).doesNotContain(60L);
        assertThat(BootTimeLearner.estimate(s)).as("18th of 20: the two slow boots stretch nothing")
                .contains(Duration.ofSeconds(322));
    }

    @Test
    void theNodeClaimBoundsTheAskWhenEarlier() {
        Instant podCreated = T0.plusSeconds(5);
        assertThat(BootTimeLearner.asked(podCreated, Optional.of(T0))).isEqualTo(T0);
        assertThat(BootTimeLearner.asked(podCreated, Optional.of(T0.plusSeconds(30)))).isEqualTo(podCreated);
        assertThat(BootTimeLearner.asked(podCreated, Optional.empty())).isEqualTo(podCreated);
    }

    @Test
    void usableIsSlurmsRegistrationWhenSlurmShowsThePodsNodeElseThePodsReady() {
        Instant created = T0.plusSeconds(5);
        Instant ready = T0.plusSeconds(400);
        Instant registered = T0.plusSeconds(430);
        assertThat(BootTimeLearner.usable(created, Optional.of(ready), Optional.of(new Registration(registered, true))))
                .as("registered and up: Slurm's time, even after the pod's Ready").contains(registered);
        assertThat(BootTimeLearner.usable(created, Optional.empty(), Optional.of(new Registration(registered, true))))
                .as("up in Slurm before the readiness probe passed").contains(registered);
        assertThat(BootTimeLearner.usable(created, Optional.of(ready), Optional.of(new Registration(registered, false))))
                .as("registered but down or not responding: not usable yet").isEmpty();
        assertThat(BootTimeLearner.usable(created, Optional.of(ready),
                Optional.of(new Registration(T0.minusSeconds(3600), false))))
                .as("the record a previous pod of the same name left: Slurm shows nothing of this one").contains(ready);
        assertThat(BootTimeLearner.usable(created, Optional.of(ready), Optional.empty()))
                .as("no Slurm node joined: the pod's Ready").contains(ready);
        assertThat(BootTimeLearner.usable(created, Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void fromSlurmRegistrationsARestartAndAnOutlierChangeNothing() {
        Instant now = T0.plus(Duration.ofHours(2));
        // w-1 registered late: its slurmd crashed at first and started again 30 min in; counted as it came (1800 s)
        // w-2 registered 3 h after asked (outside the ceiling): not a boot
        List<Launch> first = List.of(registered("w-0", 0, 240), registered("w-1", 1, 1800), registered("w-3", 3, 250));
        var s = BootTimeLearner.learn(BootTimeSamples.NONE, first, now, Duration.ofHours(1));
        assertThat(s.seconds()).containsExactly(240L, 1800L, 250L);
        var outlier = BootTimeLearner.learn(BootTimeSamples.NONE, List.of(registered("w-0", 0, 240),
                registered("w-2", 2, 3 * 3600), registered("w-3", 3, 250)), now.plus(Duration.ofHours(2)),
                Duration.ofHours(1));
        assertThat(outlier.seconds()).containsExactly(240L, 250L);
        // later w-0's slurmd restarts (a new slurmd_start_time on the same pod), and skaler restarts from the annotation
        var afterRestart = BootTimeLearner.learn(BootTimeSamples.parse(s.annotation()), List.of(
                registered("w-0", 0, 5000), registered("w-1", 1, 1800), registered("w-3", 3, 250)), now,
                Duration.ofHours(1));
        assertThat(afterRestart).isEqualTo(s);
    }

    /** A pod asked for {@code askedMin} after T0 whose slurmd Slurm shows registered and up {@code afterSec} later. */
    static Launch registered(String pod, int askedMin, int afterSec) {
        Instant asked = T0.plus(Duration.ofMinutes(askedMin));
        Instant start = asked.plusSeconds(afterSec);
        return new Launch(pod, asked, BootTimeLearner.usable(asked, Optional.of(asked.plusSeconds(60)),
                Optional.of(new Registration(start, true))));
    }

    @Test
    void aBadAnnotationIsRefusedNamingIt() {
        assertThat(BootTimeSamples.parse(null)).isEqualTo(BootTimeSamples.NONE);
        assertThat(BootTimeSamples.parse("@2026-12-06T20:00:00Z").seconds()).isEmpty();
        assertThatThrownBy(() -> BootTimeSamples.parse("300,abc@2026-12-06T20:00:00Z"))
                .hasMessageStartingWith("boot-time samples \"300,abc@2026-12-06T20:00:00Z\"");
        assertThatThrownBy(() -> BootTimeSamples.parse("300")).hasMessageContaining("expected seconds,...@instant");
        assertThatThrownBy(() -> BootTimeSamples.parse("-3@2026-12-06T20:00:00Z")).hasMessageContaining("negative");
    }
}
