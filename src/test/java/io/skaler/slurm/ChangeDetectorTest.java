package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jobs?update_time: one request per read, the reader runs only on a changed list, last_update carried forward. */
class ChangeDetectorTest {

    private FakeSlurmrestd slurm;
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicInteger readerCalls = new AtomicInteger();
    private final AuthRetryTest.MutableClock clock = new AuthRetryTest.MutableClock(Instant.parse("2026-11-25T22:00:00Z"));

    @BeforeEach
    void start() throws IOException {
        slurm = new FakeSlurmrestd();
        slurm.on("/jobs/", s -> FakeSlurmrestd.Reply.json(200, answer.get()));
    }

    @AfterEach
    void stop() {
        slurm.close();
    }

    private ChangeDetector<List<Long>> detector(ApiVersion version) {
        SlurmClient client = new SlurmClient(SlurmClientSettings.of(slurm.url()).withPinnedVersion(version),
                SlurmClientStatusTest.staticToken("t"), new SimpleMeterRegistry());
        return new ChangeDetector<>(client, Duration.ofMinutes(10), clock);
    }

    private List<Long> jobIds(java.io.InputStream in) throws IOException {
        readerCalls.incrementAndGet();
        List<Long> ids = new ArrayList<>();
        new ObjectMapper().readTree(in).get("jobs").forEach(j -> ids.add(j.get("job_id").asLong()));
        return ids;
    }

    @Test
    void first_read_is_full_then_update_time_is_the_previous_last_update() throws Exception {
        ChangeDetector<List<Long>> detector = detector(ApiVersion.V0_0_42);
        answer.set(Answers.jobs(List.of(Answers.job(1, "PENDING"), Answers.job(2, "PENDING")), 1795643010));

        ChangeDetector.JobsRead<List<Long>> first = detector.read(this::jobIds);

        assertThat(first.changed()).isTrue();
        assertThat(first.jobs()).containsExactly(1L, 2L);
        assertThat(first.lastUpdate()).hasValue(1795643010);
        answer.set(Answers.noJobChanges(1795643010, 1795643010));

        ChangeDetector.JobsRead<List<Long>> second = detector.read(this::jobIds);

        assertThat(second.changed()).isFalse();
        assertThat(second.jobs()).containsExactly(1L, 2L);
        assertThat(readerCalls).hasValue(1);
        assertThat(slurm.seen("/jobs/")).extracting(FakeSlurmrestd.Seen::query)
                .containsExactly("", "update_time=1795643010");
    }

    @Test
    void a_changed_list_is_read_once_and_its_last_update_found_after_the_jobs() throws Exception {
        ChangeDetector<List<Long>> detector = detector(ApiVersion.V0_0_42);
        answer.set(Answers.jobs(List.of(Answers.job(1, "PENDING")), 1000));
        detector.read(this::jobIds);
        // a list longer than the look-ahead window, so the answer cannot be held whole before the reader runs
        answer.set(Answers.jobs(Collections.nCopies(3000, Answers.job(3, "PENDING")), 1060));

        ChangeDetector.JobsRead<List<Long>> read = detector.read(this::jobIds);

        assertThat(read.changed()).isTrue();
        assertThat(read.jobs()).hasSize(3000);
        assertThat(read.lastUpdate()).hasValue(1060);
        assertThat(readerCalls).hasValue(2);
        assertThat(slurm.seen("/jobs/").get(1).query()).isEqualTo("update_time=1000");
    }

    @Test
    void a_list_that_became_empty_is_a_change_not_a_no_change() throws Exception {
        ChangeDetector<List<Long>> detector = detector(ApiVersion.V0_0_42);
        answer.set(Answers.jobs(List.of(Answers.job(1, "PENDING")), 1000));
        detector.read(this::jobIds);
        answer.set(Answers.jobs(List.of(), 1200)); // all jobs purged: empty, later last_update, no "No job changes"

        ChangeDetector.JobsRead<List<Long>> read = detector.read(this::jobIds);

        assertThat(read.changed()).isTrue();
        assertThat(read.jobs()).isEmpty();
        assertThat(read.lastUpdate()).hasValue(1200);
    }

    @Test
    void v0_0_40_and_41_get_an_encoded_time_string() throws Exception {
        for (ApiVersion v : List.of(ApiVersion.V0_0_40, ApiVersion.V0_0_41)) {
            slurm.forget();
            ChangeDetector<List<Long>> detector = detector(v);
            answer.set(Answers.jobs(List.of(Answers.job(1, "PENDING")), 1795643010));
            detector.read(this::jobIds);
            answer.set(Answers.noJobChanges(1795643010, 1795643010));

            assertThat(detector.read(this::jobIds).changed()).isFalse();
            assertThat(slurm.seen("/jobs/").get(1).query()).isEqualTo("update_time=2026-11-25T21%3A43%3A30");
        }
    }

    @Test
    void a_full_read_is_forced_after_the_interval() throws Exception {
        ChangeDetector<List<Long>> detector = detector(ApiVersion.V0_0_42);
        answer.set(Answers.jobs(List.of(Answers.job(1, "PENDING")), 1000));
        detector.read(this::jobIds);
        answer.set(Answers.noJobChanges(1000, 1000));
        clock.advance(Duration.ofMinutes(9));
        detector.read(this::jobIds);
        clock.advance(Duration.ofMinutes(1));
        answer.set(Answers.jobs(List.of(Answers.job(1, "PENDING")), 1000));

        ChangeDetector.JobsRead<List<Long>> forced = detector.read(this::jobIds);

        assertThat(forced.changed()).isTrue();
        assertThat(slurm.seen("/jobs/")).extracting(FakeSlurmrestd.Seen::query)
                .containsExactly("", "update_time=1000", "");
    }

    @Test
    void a_failed_read_keeps_the_previous_state() throws Exception {
        ChangeDetector<List<Long>> detector = detector(ApiVersion.V0_0_42);
        answer.set(Answers.jobs(List.of(Answers.job(1, "PENDING")), 1000));
        detector.read(this::jobIds);
        answer.set("{\"jobs\":[{\"job_id\":"); // truncated

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> detector.read(this::jobIds)).isInstanceOf(BadAnswer.class);

        assertThat(detector.lastUpdate()).hasValue(1000);
    }

    @Test
    void update_time_values_per_version() {
        ZoneId utc = ZoneId.of("UTC");
        assertThat(UpdateTime.queryValue(ApiVersion.V0_0_44, 1795643010, utc)).isEqualTo("1795643010");
        assertThat(UpdateTime.queryValue(ApiVersion.V0_0_43, 1795643010, utc)).isEqualTo("1795643010");
        assertThat(UpdateTime.queryValue(ApiVersion.V0_0_42, 1795643010, utc)).isEqualTo("1795643010");
        assertThat(UpdateTime.queryValue(ApiVersion.V0_0_41, 1795643010, utc)).isEqualTo("2026-11-25T21%3A43%3A30");
        assertThat(UpdateTime.queryValue(ApiVersion.V0_0_40, 1795643010, ZoneId.of("Europe/Berlin")))
                .isEqualTo("2026-11-25T22%3A43%3A30");
    }

    @Test
    void last_update_is_found_in_a_tail_as_wrapper_or_bare_number_and_not_inside_strings() {
        byte[] wrapped = ",\"comment\":\"\\\"last_update\\\":5\"}],\"last_update\":{\"set\":true,\"infinite\":false,\"number\":77},\"meta\":{}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bare = "}],\"last_update\" : 78,\"errors\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] unset = "\"last_update\":{\"set\":false,\"infinite\":false,\"number\":0}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(LastUpdate.fromTail(wrapped, wrapped.length)).hasValue(77);
        assertThat(LastUpdate.fromTail(bare, bare.length)).hasValue(78);
        assertThat(LastUpdate.fromTail(unset, unset.length)).isEmpty();
    }
}
