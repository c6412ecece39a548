package io.skaler.slurm;

import static io.skaler.slurm.ReservationJson.reservation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skaler.model.Reservation;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET reservations}, every version: recorded answers of 24.11.5 and 26.05.5, and broken ones refused by field. */
class ReservationsParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"real-24.11/v0.0.42", "real-26.05/v0.0.42", "real-26.05/v0.0.43", "real-26.05/v0.0.44",
            "real-26.05/v0.0.45"})
    void recordedAnswersOfBothReleasesRead(String dir) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/slurm/" + dir + "/reservations.json")) {
            assertThat(in).as(dir).isNotNull();
            List<Reservation> read = new ReservationsParser().parse(in).items();
            assertThat(read).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("capture-maint");
                assertThat(r.nodes()).containsExactly("gpu-h100-14", "gpu-h100-15");
                assertThat(r.nodeCount()).isEqualTo(2);
                assertThat(r.flags()).contains("SPEC_NODES");
                assertThat(r.users()).containsExactly("alice");
                assertThat(r.startTime()).isGreaterThan(1_796_000_000L);
                assertThat(r.endTime()).isGreaterThan(r.startTime());
                assertThat(r.flex()).isFalse();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void everyVersionAndNumberShapeReads(ApiVersion v) throws Exception {
        for (SlurmNumber n : SlurmNumber.values()) {
            byte[] body = AnswerJson.of(v, n).reservations(reservation("r1").flags("FLEX", "SPEC_NODES"),
                    reservation("r2").nodes("cpu-0").start(1_796_000_000L));
            List<Reservation> read = new ReservationsParser().parse(body).items();
            assertThat(read).extracting(Reservation::name).containsExactly("r1", "r2");
            assertThat(read.get(0).flags()).isEqualTo(Set.of("FLEX", "SPEC_NODES"));
            assertThat(read.get(0).flex()).isTrue();
            assertThat(read.get(0).users()).containsExactly("alice", "-bob");
            assertThat(read.get(1).nodes()).containsExactly("cpu-0");
            assertThat(read.get(1).startTime()).isEqualTo(1_796_000_000L);
            assertThat(read.get(1).endTime()).isEqualTo(1_796_003_600L);
        }
    }

    @Test
    void aReservationWithoutNameOrStartOrWithABrokenNodeListIsRefusedNamingTheField() {
        byte[] noName = AnswerJson.of(ApiVersion.V0_0_42).reservations(reservation(""));
        assertThatThrownBy(() -> new ReservationsParser().parse(noName))
                .isInstanceOfSatisfying(BadAnswerException.class, e -> {
                    assertThat(e.path()).isEqualTo("/reservations/0/name");
                    assertThat(e.reason()).isEqualTo("missing");
                });
        byte[] noStart = AnswerJson.of(ApiVersion.V0_0_45).reservations(reservation("ok"), reservation("x").noStart());
        assertThatThrownBy(() -> new ReservationsParser().parse(noStart))
                .isInstanceOfSatisfying(BadAnswerException.class, e -> {
                    assertThat(e.path()).isEqualTo("/reservations/1/start_time");
                    assertThat(e.reason()).isEqualTo("missing (reservation x)");
                });
        byte[] badList = AnswerJson.of(ApiVersion.V0_0_40).reservations(reservation("x").nodes("gpu-[0-"));
        assertThatThrownBy(() -> new ReservationsParser().parse(badList))
                .isInstanceOfSatisfying(BadAnswerException.class, e -> {
                    assertThat(e.path()).isEqualTo("/reservations/0/node_list");
                    assertThat(e.reason()).startsWith("unreadable hostlist");
                });
    }

    @Test
    void anErrorAnswerIsAnError() throws IOException {
        byte[] body = AnswerJson.of(ApiVersion.V0_0_44).error(1, "Access denied", "no").reservations();
        assertThatThrownBy(() -> new ReservationsParser().parse(body)).isInstanceOf(BadAnswerException.class);
    }
}
