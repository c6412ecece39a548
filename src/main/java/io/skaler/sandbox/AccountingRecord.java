package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.model.Gres;
import io.skaler.slurm.ArrayTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One job record of Slurm's accounting ({@code sacct --json}, {@code /slurmdb/v0.0.40..45/jobs}; the same
 * {@code vX_job} schema in every version) turned into a {@link HistoryJob}, or into a problem of the record's kind.
 *
 * <p>What accounting keeps, and so what is replayed: the submit time, the partition it ran in (the list it asked for
 * when it never ran), the requested TRES ({@code node}, {@code cpu}, {@code mem}, {@code gres/...}), the memory asked
 * per node or per CPU, the constraints, the time limit and the real elapsed time. Accounting does not keep the task
 * layout, so a job is replayed as one task per node with its requested CPUs spread evenly: the same CPUs per node.
 * Each array task is its own record and its own job; each heterogeneous component is its own record, gathered into
 * one job with its other components by {@link HetJobs}; the record of array tasks
 * that never started holds all of them ({@code array.task "0x3FF"}, tasks 0-9) and is replayed as that many tasks.
 */
final class AccountingRecord {
    /** A job with no time limit ({@code time.limit} infinite or unset) is given this one. */
    static final Duration UNLIMITED = Duration.ofDays(365);

    private static final Set<String> UNFINISHED = Set.of("PENDING", "RUNNING", "SUSPENDED", "REQUEUED",
            "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "CONFIGURING", "COMPLETING", "STOPPED", "SIGNALING",
            "STAGE_OUT", "POWER_UP_NODE", "RESV_DEL_HOLD", "EXPEDITING");
    /** {@code time.start} of a job that never started, as 24.11 writes it: 0xFFFFFFFE (Slurm's 32-bit INFINITE). */
    private static final long NEVER = 0xFFFFFFFEL;
    private static final Pattern EXCLUSIVE_OPTION = Pattern.compile("(^|\\s)--exclusive(=\\S*)?(\\s|$)");

    private AccountingRecord() {
    }

    /** The job of {@code record} (the {@code index}-th of the file), or empty after telling {@code problems} why. */
    static Optional<HistoryJob> read(JsonNode record, long index, HistoryProblems problems) {
        if (!record.isObject()) {
            problems.skipped("record is not a JSON object", "#" + index);
            return Optional.empty();
        }
        if (record.has("job_state") || record.has("submit_time")) {
            problems.skipped("a queue record (squeue --json, /slurm/.../jobs), not accounting: export with sacct "
                    + "--json or /slurmdb/.../jobs", "#" + index);
            return Optional.empty();
        }
        String id = jobId(record, index);
        try {
            return build(record, id, problems);
        } catch (IllegalArgumentException e) {
            problems.skipped(e.getMessage(), id);
            return Optional.empty();
        }
    }

    private static Optional<HistoryJob> build(JsonNode r, String id, HistoryProblems problems) {
        JsonNode time = r.path("time");
        long submission = epoch(time.path("submission"), "time.submission");
        if (submission <= 0) {
            problems.skipped("time.submission missing", id);
            return Optional.empty();
        }
        List<String> states = states(r.path("state").path("current"));
        if (states.isEmpty()) {
            problems.skipped("state.current missing", id);
            return Optional.empty();
        }
        if (states.stream().anyMatch(UNFINISHED::contains)) {
            problems.skipped("not finished when exported (state " + String.join(",", states) + ")", id);
            return Optional.empty();
        }
        List<String> partitions = Stream.of(r.path("partition").asText("").split(",")).map(String::strip)
                .filter(p -> !p.isEmpty()).toList();
        if (partitions.isEmpty()) {
            problems.skipped("partition missing", id);
            return Optional.empty();
        }
        long start = epoch(time.path("start"), "time.start");
        long end = epoch(time.path("end"), "time.end");
        Optional<Instant> leftPending = Optional.empty();
        Duration runtime = Duration.ZERO;
        boolean started = start > 0 && start < NEVER && (end <= 0 || start <= end);
        if (!started) { // left the queue without running: cancelled, or ended by Slurm (deadline, bad constraints)
            if (end < submission) {
                problems.skipped("never started and time.end missing (state " + String.join(",", states) + ")", id);
                return Optional.empty();
            }
            leftPending = Optional.of(Instant.ofEpochSecond(end));
        } else {
            runtime = Duration.ofSeconds(Math.max(0, SlurmdbNumber.of(time.path("elapsed"), "time.elapsed")
                    .orElse(0)));
        }
        Duration limit = timeLimit(time.path("limit"));
        if (runtime.compareTo(limit) > 0) { // a TIMEOUT job runs a little past its limit until Slurm kills it
            runtime = limit;
        }
        Optional<JobRequest> request = request(r, id, partitions, started, runtime, limit, problems);
        Optional<Instant> cancelledAt = leftPending;
        return request.map(q -> new HistoryJob(id, Instant.ofEpochSecond(submission), q, cancelledAt));
    }

    /** What the job asked for, sized from its TRES and memory fields. */
    private static Optional<JobRequest> request(JsonNode r, String id, List<String> partitions, boolean started,
            Duration runtime, Duration limit, HistoryProblems problems) {
        AccountingTres tres = AccountingTres.of(r.path("tres").path("requested"));
        int nodes = (int) Math.max(1, tres.get("node", SlurmdbNumber.of(r.path("allocation_nodes"), "allocation_nodes")
                .orElse(1)));
        long cpus = Math.max(1, tres.get("cpu", SlurmdbNumber.of(r.path("required").path("CPUs"), "required.CPUs")
                .orElse(1)));
        int cpusPerNode = (int) ((cpus + nodes - 1) / nodes);
        long memoryPerNode = memoryPerNode(r.path("required"), tres, nodes, cpusPerNode);
        if (memoryPerNode < 1) {
            problems.skipped("no memory in required.memory_per_node, required.memory_per_cpu or tres.requested mem",
                    id);
            return Optional.empty();
        }
        Gres gres = tres.gres();
        boolean perNode = gres.amounts().values().stream().allMatch(v -> v % nodes == 0);
        Gres gresPerNode = perNode ? perNode(gres, nodes) : Gres.NONE;
        Gres gresPerJob = perNode ? Gres.NONE : gres;

        int arrayTasks = 0;
        int throttle = 0;
        JsonNode array = r.path("array");
        if (!started && SlurmdbNumber.of(array.path("task_id"), "array.task_id").isEmpty()
                && !array.path("task").asText("").isEmpty()) {
            arrayTasks = (int) Math.min(Integer.MAX_VALUE, taskCount(array.path("task").asText()));
            throttle = (int) array.path("limits").path("max").path("running").path("tasks").asLong(0);
        }
        String name = r.path("name").asText(id);
        try {
            return Optional.of(new JobRequest(name, r.path("user").asText(""), partitions, nodes, nodes, cpusPerNode,
                    memoryPerNode, gresPerNode, gresPerJob, Gres.NONE, exclusive(r), r.path("constraints").asText(""),
                    arrayTasks, throttle, runtime, limit,
                    Math.max(1, SlurmdbNumber.of(r.path("priority"), "priority").orElse(1)), false));
        } catch (IllegalArgumentException e) { // JobRequest names the job; the kind must not, so records group
            problems.skipped("request out of range: " + e.getMessage().replace("job " + name + ": ", ""), id);
            return Optional.empty();
        }
    }

    /**
     * {@code 123}; {@code 123_4} for an array task, {@code 123_[0x3FF]} for array tasks that never started,
     * {@code 123+1} for a het component; {@code #7} (its place in the file) for a record without an id.
     */
    private static String jobId(JsonNode r, long index) {
        JsonNode array = r.path("array");
        long arrayJob = array.path("job_id").asLong(0);
        if (arrayJob > 0) {
            OptionalLong task = SlurmdbNumber.lenient(array.path("task_id"));
            if (task.isPresent()) {
                return arrayJob + "_" + task.getAsLong();
            }
            String tasks = array.path("task").asText("");
            return arrayJob + (tasks.isEmpty() ? "" : "_[" + tasks + "]");
        }
        long het = r.path("het").path("job_id").asLong(0);
        if (het > 0) {
            return het + "+" + SlurmdbNumber.lenient(r.path("het").path("job_offset")).orElse(0);
        }
        long job = r.path("job_id").asLong(0);
        return job > 0 ? Long.toString(job) : "#" + index;
    }

    /** Tasks in {@code array.task}: a hex bitmap of ids ({@code 0x3FF}: 0-9, as accounting stores it) or a range list. */
    static long taskCount(String task) {
        String t = task.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            try {
                return new java.math.BigInteger(t.substring(2), 16).bitCount();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("array.task is not a hex bitmap of task ids");
            }
        }
        try {
            return ArrayTasks.parse(t).count();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("array.task is not a list of task ids");
        }
    }

    private static List<String> states(JsonNode current) {
        if (current.isTextual()) {
            return List.of(current.asText());
        }
        var out = new java.util.ArrayList<String>();
        current.forEach(s -> out.add(s.asText()));
        return out;
    }

    /** {@code required.memory_per_node}, else {@code memory_per_cpu} times the CPUs per node, else TRES mem / nodes. */
    private static long memoryPerNode(JsonNode required, AccountingTres tres, int nodes, int cpusPerNode) {
        OptionalLong perNode = SlurmdbNumber.of(required.path("memory_per_node"), "required.memory_per_node");
        if (perNode.isPresent() && perNode.getAsLong() > 0) {
            return perNode.getAsLong();
        }
        OptionalLong perCpu = SlurmdbNumber.of(required.path("memory_per_cpu"), "required.memory_per_cpu");
        if (perCpu.isPresent() && perCpu.getAsLong() > 0) {
            return Math.multiplyExact(perCpu.getAsLong(), cpusPerNode);
        }
        long mem = tres.get("mem", 0);
        return (mem + nodes - 1) / nodes;
    }

    private static Duration timeLimit(JsonNode limit) {
        if (SlurmdbNumber.isInfinite(limit)) {
            return UNLIMITED;
        }
        OptionalLong minutes = SlurmdbNumber.of(limit, "time.limit");
        return minutes.isPresent() && minutes.getAsLong() > 0 ? Duration.ofMinutes(minutes.getAsLong()) : UNLIMITED;
    }

    /**
     * v0.0.45's {@code exclusive} (the mode: {@code "NO"}, {@code "NODE"}, measured on 26.05.5); older versions keep no
     * exclusive field in accounting, so the {@code submit_line} is read for {@code --exclusive}.
     */
    private static boolean exclusive(JsonNode r) {
        String mode = r.path("exclusive").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        if (!mode.isEmpty()) {
            return !(mode.equals("false") || mode.equals("none") || mode.equals("no") || mode.equals("0")
                    || mode.equals("oversubscribe"));
        }
        return EXCLUSIVE_OPTION.matcher(r.path("submit_line").asText("")).find();
    }

    private static Gres perNode(Gres total, int nodes) {
        var out = new TreeMap<String, Long>();
        total.amounts().forEach((k, v) -> out.put(k, v / nodes));
        return new Gres(out);
    }

    private static long epoch(JsonNode n, String field) {
        return SlurmdbNumber.of(n, field).orElse(0);
    }
}
