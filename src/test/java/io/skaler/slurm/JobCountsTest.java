package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** slurmctld recounts every 30 s; submissions since its count are added, so a fast-growing queue is never under-counted. */
class JobCountsTest {

    @Test
    void theFirstCountAddsEveryOneOfTodaysSubmissionsUntilSlurmctldCountsAgain() {
        var estimator = new JobCounts.Estimator();
        // counted at 1000: 300 pending; since midnight 5,000 submitted (how many after the count is unknown)
        assertThat(estimator.estimate(new JobCounts(300, 0, 5_000, 1_000))).isEqualTo(5_300);
        // slurmctld counts again at 1030: from now on only what comes after a count is added
        assertThat(estimator.estimate(new JobCounts(320, 10, 5_030, 1_030))).isEqualTo(330);
    }

    @Test
    void aBurstBetweenTwoCountsIsCountedAtOnce() {
        var estimator = new JobCounts.Estimator();
        estimator.estimate(new JobCounts(0, 0, 100, 990));
        estimator.estimate(new JobCounts(50, 0, 120, 1_020)); // counted: 50
        // 100,000 held jobs submitted right after the count: diag still says 50 pending
        assertThat(estimator.estimate(new JobCounts(50, 0, 100_120, 1_020))).isEqualTo(100_050);
    }

    @Test
    void theDailyStatisticsResetNeverLowersTheEstimateBelowTheCount() {
        var estimator = new JobCounts.Estimator();
        estimator.estimate(new JobCounts(0, 0, 10, 990));
        estimator.estimate(new JobCounts(40, 2, 9_000, 1_020));
        // midnight: jobs_submitted starts from 0 again, same count time
        assertThat(estimator.estimate(new JobCounts(40, 2, 7, 1_020))).isEqualTo(49);
    }
}
