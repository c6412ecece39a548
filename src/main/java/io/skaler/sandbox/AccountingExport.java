package io.skaler.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skaler.model.Gres;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a history as {@code sacct --json} writes it, for the timed run from a file to the report
 * (benchmarks/README.md, "History replay"): every record is a copy of a real record of the dev Slurm's accounting
 * (the template, with its step and every field), its job fields set from the job: id, name, user, partition, state,
 * times, TRES, memory, constraints, exclusive. As accounting has it, an array becomes one record per task (its own
 * job id, {@code array.job_id} and {@code array.task_id}), and a job cancelled while pending never started
 * ({@code time.start} 4294967294, {@code time.end} the moment of the cancel).
 *
 * <p>{@code java -cp ... io.skaler.sandbox.AccountingExport --template sacct.json --out FILE [--jobs N] [--days D]
 * [--seed S]} writes {@link SyntheticHistory}'s jobs.
 */
public final class AccountingExport {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long NEVER = 0xFFFFFFFEL;

    private final ObjectNode record;
    private long nextId = 1;
    private long records;

    /** @param template a completed plain job's record of a real {@code sacct --json} */
    AccountingExport(JsonNode template) {
        this.record = template.deepCopy();
    }

    public static void main(String[] args) throws IOException {
        int jobs = 200_000;
        int days = 30;
        long seed = 1;
        Path template = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--template" -> template = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --template SACCT_JSON --out FILE [--jobs N] [--days D] [--seed S]");
            }
        }
        if (template == null || out == null) {
            throw new IllegalArgumentException("--template and --out are required");
        }
        var history = SyntheticHistory.generate(jobs, Duration.ofDays(days), Instant.parse("2026-01-05T00:00:00Z"),
                seed);
        var export = new AccountingExport(completedPlainJob(MAPPER.readTree(template.toFile())));
        try (OutputStream o = Files.newOutputStream(out)) {
            export.write(o, history);
        }
        System.out.printf("%s: %d jobs, %d accounting records, %d MB%n", out, history.size(), export.records,
                Files.size(out) >> 20);
    }

    /** The first COMPLETED record of a plain job in a {@code sacct --json} document. */
    static JsonNode completedPlainJob(JsonNode document) {
        for (JsonNode j : document.path("jobs")) {
            if (j.path("state").path("current").toString().contains("COMPLETED")
                    && j.path("array").path("job_id").asLong(0) == 0 && j.path("het").path("job_id").asLong(0) == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("the template has no COMPLETED record of a plain job");
    }

    void write(OutputStream out, List<HistoryJob> jobs) throws IOException {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("jobs");
            for (HistoryJob j : jobs) {
                if (j.request().isArray()) {
                    long arrayId = nextId;
                    for (int task = 0; task < j.request().arrayTasks(); task++) {
                        write(g, j, j.request(), arrayId, task);
                    }
                } else {
                    write(g, j, j.request(), 0, -1);
                }
            }
            g.writeEndArray();
            g.writeObjectFieldStart("meta");
            g.writeStringField("command", "sacct --json -a (written by AccountingExport)");
            g.writeEndObject();
            g.writeArrayFieldStart("errors");
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void write(JsonGenerator g, HistoryJob j, JobRequest r, long arrayId, int task) throws IOException {
        long id = nextId++;
        records++;
        long submit = j.submitted().getEpochSecond();
        boolean cancelled = j.cancelledWhilePendingAt().isPresent();
        record.put("job_id", id);
        record.put("name", r.name());
        record.put("user", r.user());
        record.put("partition", String.join(",", r.partitions()));
        record.put("constraints", r.features());
        record.put("exclusive", r.exclusive() ? "NODE" : "NO");
        record.put("allocation_nodes", cancelled ? 0 : r.nodes());
        ObjectNode array = record.with("array");
        array.put("job_id", arrayId);
        number(array.with("task_id"), task >= 0, Math.max(0, task));
        array.put("task", "");
        ObjectNode state = record.with("state");
        state.putArray("current").add(cancelled ? "CANCELLED" : "COMPLETED");
        ObjectNode time = record.with("time");
        time.put("submission", submit);
        time.put("eligible", submit);
        if (cancelled) {
            time.put("start", NEVER);
            time.put("end", j.cancelledWhilePendingAt().get().getEpochSecond());
            time.put("elapsed", 0);
        } else {
            time.put("start", submit);
            time.put("end", submit + r.runtime().toSeconds());
            time.put("elapsed", r.runtime().toSeconds());
        }
        number(time.with("limit"), true, r.timeLimit().toMinutes());
        ObjectNode required = record.with("required");
        required.put("CPUs", r.tasks() * r.cpusPerTask());
        number(required.with("memory_per_node"), true, r.memoryPerNodeMB());
        number(required.with("memory_per_cpu"), false, 0);
        ArrayNode requested = record.with("tres").putArray("requested");
        tres(requested, "cpu", "", 1, (long) r.tasks() * r.cpusPerTask());
        tres(requested, "mem", "", 2, r.memoryPerNodeMB() * r.nodes());
        tres(requested, "node", "", 4, r.nodes());
        Gres total = r.gresNeededPerNode().times(r.nodes());
        for (Map.Entry<String, Long> e : total.amounts().entrySet()) {
            String name = e.getKey();
            int colon = name.indexOf(':');
            if (colon > 0) { // a typed GPU is counted untyped and typed, as AccountingStorageTRES=gres/gpu,gres/gpu:h100
                tres(requested, "gres", name.substring(0, colon), 1001, e.getValue());
            }
            tres(requested, "gres", name, 1002, e.getValue());
        }
        record.put("submit_line", "sbatch -p " + String.join(",", r.partitions()) + " -N " + r.nodes()
                + (r.exclusive() ? " --exclusive" : ""));
        MAPPER.writeTree(g, record);
    }

    private static void tres(ArrayNode list, String type, String name, int id, long count) {
        list.addObject().put("type", type).put("name", name).put("id", id).put("count", count);
    }

    private static void number(ObjectNode n, boolean set, long value) {
        n.put("set", set).put("infinite", false).put("number", value);
    }
}
