package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HistoryFile} on accounting of jobs that really ran on the dev Slurm
 * ({@code deploy/dev/slurm/capture-history}): {@code sacct --json} and {@code /slurmdb/<version>/jobs} of Slurm 24.11 (v0.0.40-42) and 26.05 (v0.0.42-45). The
 * jobs and their sbatch arguments are in each capture's {@code jobs.tsv}; every file of a release holds the same jobs.
 */
class HistoryCapturesTest {

    static Stream<Arguments> exports() {
        return Stream.of(
                Arguments.of("real-24.11", "sacct.json"),
                Arguments.of("real-24.11", "v0.0.40/slurmdb-jobs.json"),
                Arguments.of("real-24.11", "v0.0.41/slurmdb-jobs.json"),
                Arguments.of("real-24.11", "v0.0.42/slurmdb-jobs.json"),
                Arguments.of("real-26.05", "sacct.json"),
                Arguments.of("real-26.05", "v0.0.42/slurmdb-jobs.json"),
                Arguments.of("real-26.05", "v0.0.43/slurmdb-jobs.json"),
                Arguments.of("real-26.05", "v0.0.44/slurmdb-jobs.json"),
                Arguments.of("real-26.05", "v0.0.45/slurmdb-jobs.json"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("exports")
    void everyJobThatRanOrWasCancelledIsReplayedWithItsRequest(String release, String file) throws IOException {
        Map<String, String> ids = jobIds(release);
        History history;
        try (InputStream in = resource(release, file)) {
            history = HistoryFile.read(in);
        }
        Map<String, HistoryJob> byId = history.jobs().stream()
                .collect(Collectors.toMap(HistoryJob::id, Function.identity()));

        assertThat(history.problemLines()).isEmpty();
        String array = ids.get("array-3");
        String het = ids.get("het-gpu-cpu");
        assertThat(byId.keySet()).containsExactlyInAnyOrder(ids.get("cancelled-pending"),
                ids.get("cancelled-pending-array") + "_[0x3FF]", ids.get("plain-cpu"), array + "_0", array + "_1",
                array + "_2", ids.get("gpu-2-nodes"), ids.get("exclusive"), ids.get("per-cpu-mem-constraint"),
                het, ids.get("fails"), ids.get("time-limit"));
        assertThat(history.jobs()).isSortedAccordingTo((a, b) -> a.submitted().compareTo(b.submitted()));

        HistoryJob pending = byId.get(ids.get("cancelled-pending"));
        assertThat(pending.cancelledWhilePendingAt()).isPresent();
        assertThat(pending.cancelledWhilePendingAt().get()).isAfter(pending.submitted());
        assertThat(pending.request().partitions()).containsExactly("trn1");
        assertThat(pending.request().timeLimit()).isEqualTo(Duration.ofMinutes(10));

        HistoryJob pendingArray = byId.get(ids.get("cancelled-pending-array") + "_[0x3FF]");
        assertThat(pendingArray.cancelledWhilePendingAt()).isPresent();
        assertThat(pendingArray.request().arrayTasks()).isEqualTo(10);
        assertThat(pendingArray.request().arrayThrottle()).isEqualTo(2);

        HistoryJob plain = byId.get(ids.get("plain-cpu"));
        assertThat(plain.cancelledWhilePendingAt()).isEmpty();
        assertThat(plain.request().runtime()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(plain.request().cpusPerNode(2)).isEqualTo(1);
        assertThat(plain.request().memoryPerNodeMB()).isEqualTo(100);
        assertThat(plain.request().user()).isEqualTo("alice");
        assertThat(plain.request().exclusive()).isFalse();

        assertThat(byId.get(array + "_1").request().arrayTasks()).as("a task that ran is one job").isZero();
        assertThat(byId.get(array + "_1").request().user()).isEqualTo("bob");

        JobRequest gpu = byId.get(ids.get("gpu-2-nodes")).request();
        assertThat(gpu.nodes()).isEqualTo(2);
        assertThat(gpu.memoryPerNodeMB()).isEqualTo(64000);
        assertThat(gpu.gresPerNode()).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(gpu.gresNeededPerNode().total("gpu")).as("typed and untyped TRES count once").isEqualTo(8);

        assertThat(byId.get(ids.get("exclusive")).request().exclusive()).isTrue();

        JobRequest perCpu = byId.get(ids.get("per-cpu-mem-constraint")).request();
        assertThat(perCpu.features()).isEqualTo("h100");
        assertThat(perCpu.cpusPerNode(96)).isEqualTo(2);
        assertThat(perCpu.memoryPerNodeMB()).as("--mem-per-cpu=500 times 2 CPUs").isEqualTo(1000);
        assertThat(perCpu.gresNeededPerNode()).isEqualTo(Gres.of("gpu", 2));

        // the het job's two records (het.job_id, het.job_offset 0 and 1) are one job of two components
        List<JobRequest> components = byId.get(het).components();
        assertThat(components).hasSize(2);
        assertThat(components.get(0).partitions()).containsExactly("gpu-h100");
        assertThat(components.get(0).gresNeededPerNode()).isEqualTo(Gres.of("gpu:h100", 1));
        assertThat(components.get(1).partitions()).containsExactly("cpu");
        assertThat(components.get(1).gresNeededPerNode()).isEqualTo(Gres.NONE);
        assertThat(components.get(1).memoryPerNodeMB()).isEqualTo(100);

        assertThat(byId.get(ids.get("fails")).cancelledWhilePendingAt()).as("it failed after it started").isEmpty();
        JobRequest timeLimit = byId.get(ids.get("time-limit")).request();
        assertThat(timeLimit.timeLimit()).isEqualTo(Duration.ofMinutes(1));
        assertThat(timeLimit.runtime()).as("ran into its limit").isEqualTo(Duration.ofMinutes(1));
    }

    /** jobs.tsv: the capture's job names and ids. */
    static Map<String, String> jobIds(String release) throws IOException {
        Map<String, String> ids = new HashMap<>();
        try (InputStream in = resource(release, "jobs.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            for (String line : lines) {
                String[] cells = line.split("\t");
                ids.put(cells[0], cells[1]);
            }
        }
        return ids;
    }

    static InputStream resource(String release, String file) {
        InputStream in = HistoryCapturesTest.class.getResourceAsStream("/slurm/" + release + "/history/" + file);
        assertThat(in).as("capture " + release + "/history/" + file).isNotNull();
        return in;
    }
}
