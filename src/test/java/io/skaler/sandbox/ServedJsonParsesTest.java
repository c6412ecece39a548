package io.skaler.sandbox;

import static io.skaler.sandbox.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.model.Gres;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.slurm.EligibilityContext;
import io.skaler.slurm.JobsParser;
import io.skaler.slurm.NodesParser;
import io.skaler.slurm.PartitionsParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** skaler's own slurmrestd parsers read what the sandbox serves, with the meaning the sandbox put in. */
class ServedJsonParsesTest {
    final VirtualClock clock = new VirtualClock(T0);
    final SimulatedSlurm slurm = new SimulatedSlurm(clock, Jobs.cluster());
    final SlurmRestServer server;
    final HttpClient client = HttpClient.newHttpClient();

    ServedJsonParsesTest() throws Exception {
        server = new SlurmRestServer(slurm, Optional.empty(), "sandbox").start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    byte[] get(String path) throws Exception {
        var r = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/slurm/v0.0.42/" + path))
                .header("X-SLURM-USER-TOKEN", "t").header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void jobsNodesAndPartitionsRoundTripThroughSkalersParsers() throws Exception {
        slurm.registerNode("gpu-h100-0", "{\"podName\":\"gpu-h100-0\"}");
        slurm.registerNode("cpu-0", "");
        long training = slurm.submit(Jobs.gpu(4, 8, Duration.ofHours(1)));
        long sweep = slurm.submit(Jobs.array(64, 8, Duration.ofMinutes(5)));
        long small = slurm.submit(Jobs.small(Duration.ofMinutes(30)));
        clock.advanceBy(Duration.ofSeconds(2));
        slurm.drain("cpu-0", "scale-in", "slurm");

        var nodes = new NodesParser().parse(get("nodes?flags=FUTURE"));
        var partitions = new PartitionsParser().parse(get("partitions"));
        assertThat(nodes.problems()).isEmpty();
        assertThat(partitions.problems()).isEmpty();
        SlurmNode gpu0 = nodes.items().stream().filter(n -> n.name().equals("gpu-h100-0")).findFirst().orElseThrow();
        assertThat(gpu0.state().idle()).isTrue();
        assertThat(gpu0.gres()).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(gpu0.partitions()).containsExactly("gpu-h100");
        SlurmNode cpu0 = nodes.items().stream().filter(n -> n.name().equals("cpu-0")).findFirst().orElseThrow();
        assertThat(cpu0.state().busy()).isTrue();
        assertThat(cpu0.state().drain()).isTrue();
        assertThat(cpu0.runsJobs()).isTrue();
        assertThat(nodes.items().stream().filter(n -> n.state().future())).hasSize(10);
        assertThat(partitions.items()).extracting(p -> p.name()).containsExactly("gpu-h100", "cpu");

        var ctx = EligibilityContext.of(nodes.items(), partitions.items());
        var jobs = new JobsParser().parse(get("jobs"), ctx);
        assertThat(jobs.problems()).isEmpty();
        assertThat(jobs.meta().lastUpdate()).isEqualTo(clock.epochSecond());
        List<PendingJob> pending = jobs.items();
        PendingJob train = pending.stream().filter(j -> j.jobId() == training).findFirst().orElseThrow();
        assertThat(train.minNodes()).isEqualTo(4);
        assertThat(train.gresPerNode()).isEqualTo(Gres.of("gpu:h100", 8));
        assertThat(train.partitions()).containsExactly("gpu-h100");
        assertThat(train.eligibility().demand()).as(train.eligibility().reason()).isTrue();
        PendingJob array = pending.stream().filter(j -> j.jobId() == sweep).findFirst().orElseThrow();
        assertThat(array.gresPerTask()).isEqualTo(Gres.of("gpu", 1));
        assertThat(array.runnableTasks()).isEqualTo(8);
        assertThat(pending).extracting(PendingJob::jobId).doesNotContain(small); // it runs on cpu-0
    }

    @Test
    void aBeginJobIsServedWithItsEligibleTimeAndSkalerSeesItIsNotEligibleYet() throws Exception {
        long id = slurm.submit(Jobs.begin(Jobs.gpu(1, 8, Duration.ofMinutes(10)), Duration.ofMinutes(30)));
        clock.advanceBy(Duration.ofSeconds(2));
        var ctx = EligibilityContext.of(new NodesParser().parse(get("nodes?flags=FUTURE")).items(),
                new PartitionsParser().parse(get("partitions")).items());
        PendingJob job = new JobsParser().parse(get("jobs"), ctx).items().stream().filter(j -> j.jobId() == id)
                .findFirst().orElseThrow();
        assertThat(job.eligibleTime()).isEqualTo(T0.getEpochSecond() + 1800);
        assertThat(job.submitTime()).isEqualTo(T0.getEpochSecond());
        assertThat(job.stateReason()).isEqualTo("BeginTime");
    }

    /** The simulation holds no reservation and says so as a real slurmrestd with none does, so no read notes a gap. */
    @Test
    void reservationsAreServedAsAnEmptyListThatSkalersParserReadsWithoutProblems() throws Exception {
        var answer = new io.skaler.slurm.ReservationsParser(io.skaler.slurm.ParseLimits.DEFAULT)
                .parse(get("reservations"));
        assertThat(answer.items()).isEmpty();
        assertThat(answer.problems()).isEmpty();
    }
}
