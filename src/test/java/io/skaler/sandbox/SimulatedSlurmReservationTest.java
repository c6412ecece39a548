package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skaler.model.Reservation;
import io.skaler.slurm.ReservationsParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reservations in the simulated Slurm, as docs/upstream.md ("Anticipation") says Slurm 24.11 holds them: made on
 * FUTURE placeholders, their jobs wait {@code Reservation} with {@code eligible_time} 0 until the start, then run only
 * on the reserved nodes; other jobs are kept off those nodes; at the end the reservation goes.
 */
class SimulatedSlurmReservationTest {
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());
    final long start = T0.plus(Duration.ofMinutes(20)).getEpochSecond();

    private void reserve(String... nodes) {
        slurm.createReservation(new SimReservations.Reservation("maint", start, start + 3600, List.of(nodes),
                List.of("alice")));
    }

    private long submitToReservation(Duration runtime) {
        return slurm.submit(Jobs.reserved(Jobs.gpu(1, 8, runtime), "maint"));
    }

    @Test
    void itsJobWaitsReservationWithoutEligibleTimeAndNeverStartsBeforeTheStartThoughItsNodeIsIdle() {
        slurm.registerNode("gpu-h100-0", "");
        reserve("gpu-h100-0");
        long id = submitToReservation(Duration.ofMinutes(10));
        var submitted = slurm.findJob(id).orElseThrow();
        assertThat(submitted.reason()).as("measured right after sbatch").isEqualTo("Reservation");
        assertThat(submitted.eligibleTime()).isZero();
        assertThat(submitted.eligibleAt(clock.epochSecond())).isFalse();

        clock.advanceBy(Duration.ofMinutes(19).plusSeconds(59));
        var before = slurm.findJob(id).orElseThrow();
        assertThat(before.pending()).isTrue();
        assertThat(before.reason()).isEqualTo("Reservation");
        assertThat(before.eligibleTime()).isZero();
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().busy()).isFalse();

        clock.advanceBy(Duration.ofSeconds(3));
        var running = slurm.findJob(id).orElseThrow();
        assertThat(running.running()).isTrue();
        assertThat(running.nodes()).containsExactly("gpu-h100-0");
        assertThat(running.eligibleTime()).as("the pass that found it started").isEqualTo(start);
        assertThat(running.startTime()).isEqualTo(start);
    }

    @Test
    void onceStartedItsJobRunsOnlyOnTheReservedNodesAndThoseShowReserved() {
        slurm.registerNode("gpu-h100-0", ""); // idle, not reserved
        reserve("gpu-h100-1"); // a FUTURE placeholder
        long id = submitToReservation(Duration.ofMinutes(10));
        clock.advanceBy(Duration.ofMinutes(21));
        var waiting = slurm.findJob(id).orElseThrow();
        assertThat(waiting.pending()).isTrue();
        assertThat(waiting.reason()).as("measured: its reserved node is FUTURE").isEqualTo("Resources");
        assertThat(waiting.reasonDescription()).isEqualTo(FirstFitPass.NOT_AVAILABLE);
        assertThat(waiting.eligibleTime()).isEqualTo(start);
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().busy()).isFalse();
        assertThat(slurm.findNode("gpu-h100-1").orElseThrow().stateFlags()).containsExactly("FUTURE", "RESERVED");
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().stateFlags()).containsExactly("IDLE");

        slurm.registerNode("gpu-h100-1", "");
        clock.advanceBy(Duration.ofSeconds(2));
        assertThat(slurm.findJob(id).orElseThrow().nodes()).containsExactly("gpu-h100-1");
        assertThat(slurm.findNode("gpu-h100-1").orElseThrow().stateFlags()).containsExactly("MIXED", "RESERVED");
    }

    @Test
    void aJobWithoutItIsKeptOffTheReservedNodeWhenItsTimeLimitReachesTheStart() {
        slurm.registerNode("gpu-h100-0", "");
        reserve("gpu-h100-0");
        long overlaps = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(15))); // limit 25m: past the start
        clock.advanceBy(Duration.ofSeconds(2));
        var kept = slurm.findJob(overlaps).orElseThrow();
        assertThat(kept.pending()).isTrue();
        assertThat(kept.reason()).isEqualTo("ReqNodeNotAvail");
        assertThat(kept.reasonDescription()).isEqualTo("ReqNodeNotAvail, May be reserved for other job");

        slurm.cancelPending(overlaps);
        long fits = slurm.submit(Jobs.gpu(1, 8, Duration.ofMinutes(5))); // limit 15m: ends before the start
        clock.advanceBy(Duration.ofSeconds(2));
        assertThat(slurm.findJob(fits).orElseThrow().running()).isTrue();
    }

    @Test
    void atItsEndItsRunningJobsTimeOutItsPendingJobsAreHeldAndItIsNoLongerListed() {
        slurm.registerNode("gpu-h100-0", "");
        reserve("gpu-h100-0");
        long runs = submitToReservation(Duration.ofHours(2));
        long stuck = slurm.submit(Jobs.reserved(Jobs.gpu(2, 8, Duration.ofMinutes(5)), "maint"));
        clock.advanceBy(Duration.ofMinutes(21));
        assertThat(slurm.findJob(runs).orElseThrow().running()).isTrue();
        assertThat(slurm.reservations()).hasSize(1);

        clock.advanceBy(Duration.ofHours(1));
        assertThat(slurm.findJob(runs).orElseThrow().state()).isEqualTo(SimJob.State.TIMEOUT);
        var held = slurm.findJob(stuck).orElseThrow();
        assertThat(held.pending()).isTrue();
        assertThat(held.reason()).isEqualTo("ReservationDeleted");
        assertThat(held.neverRuns()).isTrue();
        assertThat(slurm.reservations()).isEmpty();
        assertThat(slurm.findNode("gpu-h100-0").orElseThrow().stateFlags()).containsExactly("IDLE");
    }

    @Test
    void slurmRefusesWhatItRefuses() {
        assertThatThrownBy(() -> slurm.createReservation(new SimReservations.Reservation("x", start, start + 60,
                List.of("gpu-h100-99"), List.of("alice")))).hasMessageContaining("Invalid node name specified");
        reserve("gpu-h100-0");
        assertThatThrownBy(() -> slurm.submit(Jobs.reserved(Jobs.gpu(1, 8, Duration.ofMinutes(1)), "nope")))
                .hasMessageContaining("Requested reservation is invalid");
        assertThatThrownBy(() -> slurm.submit(Jobs.reserved(Jobs.small(Duration.ofMinutes(1)), "maint")))
                .hasMessageContaining("Access denied to requested reservation");
    }

    @Test
    void itIsServedOnReservationsInTheRealShapeAndSkalersParserReadsIt() throws Exception {
        reserve("gpu-h100-0", "gpu-h100-1");
        long id = submitToReservation(Duration.ofMinutes(10));
        try (var server = new SlurmRestServer(slurm, Optional.of("t"), "sandbox").start()) {
            var client = HttpClient.newHttpClient();
            byte[] body = get(client, server, "reservations");
            List<Reservation> read = new ReservationsParser().parse(body).items();
            assertThat(read).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("maint");
                assertThat(r.startTime()).isEqualTo(start);
                assertThat(r.endTime()).isEqualTo(start + 3600);
                assertThat(r.nodes()).containsExactly("gpu-h100-0", "gpu-h100-1");
                assertThat(r.nodeCount()).isEqualTo(2);
                assertThat(r.users()).containsExactly("alice");
                assertThat(r.flags()).containsExactly("SPEC_NODES");
            });
            var mapper = new ObjectMapper();
            var served = mapper.readTree(body).path("reservations").get(0);
            var real = mapper.readTree(getClass().getResourceAsStream("/slurm/real-24.11/v0.0.42/reservations.json"))
                    .path("reservations").get(0);
            assertThat(iterable(served.fieldNames())).as("every field, in slurmrestd's order")
                    .containsExactlyElementsOf(iterable(real.fieldNames()));
            assertThat(served.path("node_list").asText()).isEqualTo("gpu-h100-[0-1]");
            assertThat(served.path("tres").asText()).isEqualTo("cpu=192");

            var job = mapper.readTree(get(client, server, "job/" + id)).path("jobs").get(0);
            assertThat(job.path("resv_name").asText()).isEqualTo("maint");
            assertThat(job.path("state_reason").asText()).isEqualTo("Reservation");
            assertThat(job.path("eligible_time").path("number").asLong()).isZero();
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        var out = new java.util.ArrayList<String>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static byte[] get(HttpClient client, SlurmRestServer server, String route) throws Exception {
        var r = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/slurm/v0.0.42/" + route))
                .header("X-SLURM-USER-TOKEN", "t").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        return r.body();
    }
}
