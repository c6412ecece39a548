package io.skaler.slurm;

import static io.skaler.slurm.JobJson.pending;
import static io.skaler.slurm.JobJson.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.PendingJob;
import io.skaler.model.RunningJob;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a pending job waits for, as the jobs answer tells (shapes measured on 24.11.5 and 26.05.5): its
 * {@code resv_name} and {@code dependency}, and the running jobs a dependency names, with their {@code end_time}
 * only when they have a time limit ({@code time_limit} infinite: Slurm shows start + 365 days; backfill starts a job
 * without {@code -t} in a partition without {@code MaxTime} with {@code time_limit} 525600, a year, which is no limit
 * either).
 */
class JobsParserWaitsTest {

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void reservationDependencyAndTheRunningJobsNamedAreRead(ApiVersion v) throws Exception {
        for (SlurmNumber n : SlurmNumber.values()) {
            byte[] body = AnswerJson.of(v, n).jobs(
                    running(3).set("start_time", 1_796_000_000L).set("end_time", 1_796_001_200L)
                            .set("time_limit", 20L),
                    running(4).set("start_time", 1_796_000_000L).set("end_time", 1_827_536_000L)
                            .set("time_limit", n.infinite()),
                    running(9).set("start_time", 1_796_000_000L).set("end_time", 1_796_003_600L),
                    running(10).set("start_time", 1_796_000_000L).set("end_time", 1_827_536_000L)
                            .set("time_limit", 525_600L),
                    running(11).set("start_time", 1_796_000_000L).set("end_time", 1_827_535_940L)
                            .set("time_limit", 525_599L),
                    pending(5).reason("Dependency", "")
                            .set("dependency", "afterok:3(unfulfilled),afterany:4(unfulfilled),afterok:10(unfulfilled)"
                                    + ",afterok:11(unfulfilled)"),
                    pending(6).reason("Reservation", "").set("resv_name", "maint"));
            JobsParser.JobList list = new JobsParser().parseWithRunning(new ByteArrayInputStream(body),
                    EligibilityContext.UNKNOWN);

            assertThat(list.pending().items()).extracting(PendingJob::jobId).containsExactly(5L, 6L);
            PendingJob dependent = list.pending().items().get(0);
            String dependency = "afterok:3(unfulfilled),afterany:4(unfulfilled),afterok:10(unfulfilled)"
                    + ",afterok:11(unfulfilled)";
            assertThat(dependent.dependency()).isEqualTo(dependency);
            assertThat(dependent.eligibility().reason()).isEqualTo("dependency " + dependency);
            assertThat(list.pending().items().get(1).reservation()).isEqualTo("maint");
            assertThat(list.running()).as("only the running jobs a dependency names").containsExactly(
                    new RunningJob(3, 1_796_000_000L, 1_796_001_200L),
                    new RunningJob(4, 1_796_000_000L, 0),
                    new RunningJob(10, 1_796_000_000L, 0),
                    new RunningJob(11, 1_796_000_000L, 1_827_535_940L));
        }
    }
}
