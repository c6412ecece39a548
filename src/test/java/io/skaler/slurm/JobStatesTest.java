package io.skaler.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** jobs/state read by hand: counts per state and a digest that moves when any job changes state. */
class JobStatesTest {

    private static JobStates read(String json) throws IOException {
        return JobStates.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String TWO_PENDING_ONE_RUNNING = "{\"jobs\":[{\"job_id\":\"12\",\"state\":[\"PENDING\"]},"
            + "{\"job_id\":\"13_[2-9]\",\"state\":[\"PENDING\"]},{\"job_id\":\"13_1\",\"state\":[\"RUNNING\",\"CONFIGURING\"]}],"
            + "\"meta\":{},\"errors\":[],\"warnings\":[]}";

    @Test
    void counts_each_entry_under_its_base_state() throws IOException {
        JobStates s = read(TWO_PENDING_ONE_RUNNING);

        assertThat(s.total()).isEqualTo(3);
        assertThat(s.count("PENDING")).isEqualTo(2);
        assertThat(s.count("RUNNING")).isEqualTo(1);
        assertThat(s.count("COMPLETED")).isZero();
    }

    @Test
    void says_per_job_whether_any_entry_pends_or_runs() throws IOException {
        JobStates s = read("{\"jobs\":[{\"job_id\":\"12\",\"state\":[\"PENDING\"]},"
                + "{\"job_id\":\"14\",\"state\":[\"RUNNING\",\"CONFIGURING\"]},{\"job_id\":\"15\",\"state\":[\"SUSPENDED\"]},"
                + "{\"job_id\":\"16\",\"state\":[\"COMPLETED\"]}]}");

        assertThat(s.jobs().get(12L).running()).isFalse();
        assertThat(s.jobs().get(14L).running()).as("a whole read counts RUNNING with any flag as running").isTrue();
        assertThat(s.jobs().get(15L).running()).as("and SUSPENDED").isTrue();
        assertThat(s.jobs().get(16L).running()).isFalse();
        assertThat(s.jobs().get(16L).pending()).isFalse();
    }

    @Test
    void the_digest_ignores_order_and_follows_state_changes() throws IOException {
        JobStates s = read(TWO_PENDING_ONE_RUNNING);
        JobStates reordered = read("{\"jobs\":[{\"job_id\":\"13_1\",\"state\":[\"RUNNING\",\"CONFIGURING\"]},"
                + "{\"job_id\":\"12\",\"state\":[\"PENDING\"]},{\"job_id\":\"13_[2-9]\",\"state\":[\"PENDING\"]}]}");
        JobStates started = read("{\"jobs\":[{\"job_id\":\"12\",\"state\":[\"RUNNING\"]},"
                + "{\"job_id\":\"13_[2-9]\",\"state\":[\"PENDING\"]},{\"job_id\":\"13_1\",\"state\":[\"RUNNING\",\"CONFIGURING\"]}]}");

        assertThat(reordered.digest()).isEqualTo(s.digest());
        assertThat(started.digest()).isNotEqualTo(s.digest());
    }

    @Test
    void malformed_answers_are_json_errors_naming_the_problem() {
        assertThatThrownBy(() -> read("{\"meta\":{}}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("no 'jobs' field");
        assertThatThrownBy(() -> read("{\"jobs\":[{\"state\":[\"PENDING\"]}]}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("no 'job_id'");
        assertThatThrownBy(() -> read("{\"jobs\":[{\"job_id\":\"1\",\"state\":[1]}]}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("'state' must be an array of strings");
        assertThatThrownBy(() -> read("<html>")).isInstanceOf(JsonProcessingException.class);
    }
}
