package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skaler.model.Gres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Broken histories: one line per kind of problem with its count; what can be replayed is. */
class HistoryFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_796_000_000L;

    @Test
    void eachKindOfBrokenRecordIsOneLineWithItsCountAndTheRestIsReplayed() throws IOException {
        ArrayNode jobs = JSON.createArrayNode();
        jobs.add(job(1, T0));
        jobs.add(job(2, T0 + 10).put("partition", ""));
        ObjectNode noSubmit = job(3, T0);
        ((ObjectNode) noSubmit.get("time")).remove("submission");
        jobs.add(noSubmit);
        ObjectNode noSubmit2 = job(4, T0);
        ((ObjectNode) noSubmit2.get("time")).put("submission", 0);
        jobs.add(noSubmit2);
        ObjectNode running = job(5, T0);
        ((ArrayNode) running.get("state").get("current")).removeAll().add("RUNNING");
        jobs.add(running);
        ObjectNode badElapsed = job(6, T0);
        ((ObjectNode) badElapsed.get("time")).put("elapsed", "a minute");
        jobs.add(badElapsed);
        jobs.add(JSON.createObjectNode().put("job_id", 7).put("job_state", "PENDING").put("submit_time", T0));
        jobs.add("not a record");
        jobs.add(job(9, T0 + 5));

        History history = HistoryFile.read(document(jobs));

        assertThat(history.jobs()).extracting(HistoryJob::id).containsExactly("1", "9");
        assertThat(history.problemLines()).containsExactly(
                "1 job record: partition missing (first: job 2); not replayed",
                "2 job records: time.submission missing (first: job 3); not replayed",
                "1 job record: not finished when exported (state RUNNING) (first: job 5); not replayed",
                "1 job record: time.elapsed is not a number (first: job 6); not replayed",
                "1 job record: a queue record (squeue --json, /slurm/.../jobs), not accounting: export with sacct "
                        + "--json or /slurmdb/.../jobs (first: job #7); not replayed",
                "1 job record: record is not a JSON object (first: job #8); not replayed");
    }

    @Test
    void aFileCutOffPartWayKeepsTheJobsBeforeTheCut() throws IOException {
        ArrayNode jobs = JSON.createArrayNode().add(job(1, T0)).add(job(2, T0 + 1));
        String whole = JSON.writeValueAsString(JSON.createObjectNode().set("jobs", jobs));
        String cut = whole.substring(0, whole.lastIndexOf("\"job_id\"") + 20);

        History history = HistoryFile.read(new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)));

        assertThat(history.jobs()).extracting(HistoryJob::id).containsExactly("1");
        assertThat(history.problemLines()).singleElement().asString()
                .startsWith("1 job record: the file is cut off or not valid JSON at line 1")
                .endsWith("the rest is not read (first: job #2); not replayed");
    }

    @Test
    void aFileThatIsNoAccountingHistoryIsRefusedWithTheReason() {
        assertThatThrownBy(() -> HistoryFile.read(text("[1, 2]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON object; expected Slurm accounting as sacct --json");
        assertThatThrownBy(() -> HistoryFile.read(text("{\"nodes\": []}")))
                .hasMessageStartingWith("no \"jobs\" list; expected");
        assertThatThrownBy(() -> HistoryFile.read(text("{\"jobs\": {}}")))
                .hasMessageStartingWith("\"jobs\" is not a list");
        assertThatThrownBy(() -> HistoryFile.read(text("jobs: []")))
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> HistoryFile.read(text("{\"errors\": [{\"description\": \"Unable to connect\"}]}")))
                .hasMessageContaining("(the export says: Unable to connect)");
    }

    @Test
    void aRecordOfEveryFieldMapsToTheRequestSlurmRanAndAJobThatNeverRanIsCancelledAtItsEnd() throws IOException {
        ObjectNode ran = job(1, T0);
        ObjectNode never = job(2, T0);
        ((ObjectNode) never.get("time")).put("start", 0xFFFFFFFEL).put("end", T0 + 30).put("elapsed", 0);
        ((ArrayNode) never.get("state").get("current")).removeAll().add("CANCELLED");

        List<HistoryJob> jobs = HistoryFile.read(document(JSON.createArrayNode().add(ran).add(never))).jobs();

        JobRequest r = jobs.get(0).request();
        assertThat(jobs.get(0).submitted()).isEqualTo(Instant.ofEpochSecond(T0));
        assertThat(jobs.get(0).cancelledWhilePendingAt()).isEmpty();
        assertThat(r.partitions()).containsExactly("gpu-h100");
        assertThat(r.nodes()).isEqualTo(2);
        assertThat(r.cpusPerNode(96)).isEqualTo(4);
        assertThat(r.memoryPerNodeMB()).isEqualTo(2000);
        assertThat(r.gresNeededPerNode().amounts()).containsEntry("gpu:h100", 8L).hasSize(1);
        assertThat(r.runtime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(r.timeLimit()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.features()).isEqualTo("h100");
        assertThat(jobs.get(1).cancelledWhilePendingAt()).contains(Instant.ofEpochSecond(T0 + 30));
        assertThat(jobs.get(1).request().runtime()).isZero();
    }

    @Test
    void v0045SaysExclusiveInItsOwnFieldAndUnlimitedTimeIsAYear() throws IOException {
        ObjectNode exclusive = job(1, T0).put("exclusive", "NODE").put("submit_line", "sbatch -p gpu-h100");
        ObjectNode shared = job(2, T0).put("exclusive", "NO").put("submit_line", "sbatch --exclusive");
        ((ObjectNode) shared.get("time")).set("limit", JSON.createObjectNode().put("set", false)
                .put("infinite", true).put("number", 0));

        List<HistoryJob> jobs = HistoryFile.read(document(JSON.createArrayNode().add(exclusive).add(shared))).jobs();

        assertThat(jobs.get(0).request().exclusive()).isTrue();
        assertThat(jobs.get(1).request().exclusive()).as("the field wins over the submit line").isFalse();
        assertThat(jobs.get(1).request().timeLimit()).isEqualTo(AccountingRecord.UNLIMITED);
    }

    @Test
    void theWindowKeepsJobsSubmittedInItAndUnknownPartitionsAreOneLine() throws IOException {
        ArrayNode jobs = JSON.createArrayNode().add(job(1, T0)).add(job(2, T0 + 60)).add(job(3, T0 + 120));
        jobs.add(job(4, T0 + 60).put("partition", "old-a100"));
        jobs.add(job(5, T0 + 60).put("partition", "old-v100"));
        jobs.add(job(6, T0 + 60).put("partition", "old-v100,gpu-h100"));
        History history = HistoryFile.read(document(jobs));

        History window = history.window(Optional.of(Instant.ofEpochSecond(T0 + 60)),
                Optional.of(Instant.ofEpochSecond(T0 + 120)));
        History ours = window.inPartitions(Set.of("gpu-h100", "cpu"));

        assertThat(window.jobs()).extracting(HistoryJob::id).containsExactly("2", "4", "5", "6");
        assertThat(ours.jobs()).extracting(HistoryJob::id).containsExactly("2", "6");
        assertThat(ours.jobs().get(1).request().partitions()).containsExactly("gpu-h100");
        assertThat(ours.problemLines()).containsExactly("2 job records: partition not in the cluster (it has cpu, "
                + "gpu-h100) (first: job 4 in old-a100); not replayed");
        assertThatThrownBy(() -> history.window(Optional.of(Instant.ofEpochSecond(T0)),
                Optional.of(Instant.ofEpochSecond(T0))))
                .hasMessageContaining("is not before --to");
    }

    @Test
    void neuronDevicesAndUnevenGresCountsKeepTheirTotalAndAsksForSeveralPartitionsStay() throws IOException {
        ObjectNode trainium = job(1, T0).put("partition", " trn1 , trn2 ");
        ArrayNode tres = (ArrayNode) trainium.get("tres").get("requested");
        tres.removeAll();
        tres.addObject().put("type", "cpu").put("name", "").put("count", 2);
        tres.addObject().put("type", "mem").put("name", "").put("count", 2000);
        tres.addObject().put("type", "node").put("name", "").put("count", 2);
        tres.addObject().put("type", "gres").put("name", "neuron").put("count", 32);
        tres.addObject().put("type", "gres").put("name", "gpu").put("count", 3);

        JobRequest r = HistoryFile.read(document(JSON.createArrayNode().add(trainium))).jobs().get(0).request();

        assertThat(r.partitions()).containsExactly("trn1", "trn2");
        assertThat(r.gresPerNode()).isEqualTo(Gres.NONE);
        assertThat(r.gresPerJob().amounts()).containsEntry("neuron", 32L).containsEntry("gpu", 3L);
        assertThat(r.gresNeededPerNode().amounts()).containsEntry("neuron", 16L).containsEntry("gpu", 2L);
        assertThat(AccountingRecord.taskCount("0x3FF")).isEqualTo(10);
        assertThat(AccountingRecord.taskCount("0-4,7")).isEqualTo(6);
        assertThatThrownBy(() -> AccountingRecord.taskCount("0xZZ")).hasMessage("array.task is not a hex bitmap of "
                + "task ids");
    }

    /** A finished 2-node GPU job as v0.0.42 accounting writes it (field shapes of real-24.11/history). */
    private static ObjectNode job(long id, long submitted) {
        ObjectNode j = JSON.createObjectNode().put("job_id", id).put("name", "train").put("user", "alice")
                .put("partition", "gpu-h100").put("constraints", "h100").put("allocation_nodes", 2)
                .put("submit_line", "sbatch -p gpu-h100 -N 2 --gres=gpu:h100:8");
        j.putObject("array").put("job_id", 0).put("task", "").putObject("task_id").put("set", false)
                .put("infinite", false).put("number", 0);
        j.putObject("het").put("job_id", 0);
        j.putObject("state").putArray("current").add("COMPLETED");
        ObjectNode required = j.putObject("required").put("CPUs", 8);
        required.putObject("memory_per_node").put("set", true).put("infinite", false).put("number", 2000);
        required.putObject("memory_per_cpu").put("set", false).put("infinite", false).put("number", 0);
        ObjectNode time = j.putObject("time").put("submission", submitted).put("start", submitted + 10)
                .put("end", submitted + 130).put("elapsed", 120);
        time.putObject("limit").put("set", true).put("infinite", false).put("number", 30);
        ArrayNode tres = j.putObject("tres").putArray("requested");
        tres.addObject().put("type", "cpu").put("name", "").put("count", 8);
        tres.addObject().put("type", "mem").put("name", "").put("count", 4000);
        tres.addObject().put("type", "node").put("name", "").put("count", 2);
        tres.addObject().put("type", "gres").put("name", "gpu").put("count", 16);
        tres.addObject().put("type", "gres").put("name", "gpu:h100").put("count", 16);
        j.putObject("priority").put("set", true).put("infinite", false).put("number", 1);
        return j;
    }

    private static ByteArrayInputStream document(ArrayNode jobs) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("jobs", jobs);
        doc.putObject("meta").putObject("plugin").put("data_parser", "data_parser/v0.0.42");
        doc.putArray("errors");
        doc.putArray("warnings");
        return new ByteArrayInputStream(JSON.writeValueAsBytes(doc));
    }

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
