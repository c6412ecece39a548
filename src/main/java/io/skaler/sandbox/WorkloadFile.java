package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * The workload part of a scenario ({@code jobs:}, {@code quietTail}, {@code seed}), alone in a file for
 * {@code sandbox --workload FILE} or inside the bundled scenario. Every error names the field.
 */
public final class WorkloadFile {
    private WorkloadFile() {
    }

    /** A workload file as {@code sandbox --workload} takes it. */
    public static Workload parse(java.io.InputStream yaml) throws java.io.IOException {
        var root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(yaml);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("jobs: missing (the file must be a mapping with a jobs: list)");
        }
        return workload(root);
    }

    static Workload workload(JsonNode root) {
        var groups = new java.util.ArrayList<JobGroup>();
        for (var j : Scenario.required(root, "jobs")) {
            groups.add(group(j));
        }
        var reservations = new java.util.ArrayList<WorkloadReservation>();
        for (var r : root.path("reservations")) {
            reservations.add(reservation(r));
        }
        return new Workload(groups, Scenario.duration(root, "quietTail", "quietTail", Duration.ofMinutes(30)),
                root.path("seed").asLong(1), reservations);
    }

    static WorkloadReservation reservation(JsonNode r) {
        String name = Scenario.text(r, "reservations[].name", "name");
        String f = "reservations." + name + ".";
        Duration duration = Scenario.duration(r, f + "duration", "duration", null);
        if (duration == null) {
            throw new IllegalArgumentException(f + "duration: missing");
        }
        return new WorkloadReservation(name, Scenario.duration(r, f + "start", "start", Duration.ZERO), duration,
                Scenario.strings(r.path("nodes")), Scenario.strings(r.path("users")));
    }

    static JobGroup group(JsonNode j) {
        String name = Scenario.text(j, "jobs[].name", "name");
        String f = "jobs." + name + ".";
        int nodes = j.path("nodes").asInt(1);
        int tasks = j.has("tasks") ? j.get("tasks").asInt() : nodes * j.path("tasksPerNode").asInt(1);
        Duration runtime = Scenario.duration(j, f + "runtime", "runtime", null);
        if (runtime == null) {
            throw new IllegalArgumentException(f + "runtime: missing");
        }
        var partitions = j.path("partition").asText("");
        if (partitions.isBlank()) {
            throw new IllegalArgumentException(f + "partition: missing");
        }
        var request = new JobRequest(name, j.path("user").asText("user"), List.of(partitions.split(",")), nodes,
                tasks, j.path("cpusPerTask").asInt(1), Scenario.positive(j, f + "memoryPerNodeMB", "memoryPerNodeMB"),
                Scenario.gres(f + "gresPerNode", j.path("gresPerNode").asText("")),
                Scenario.gres(f + "gresPerJob", j.path("gresPerJob").asText("")),
                Scenario.gres(f + "gresPerTask", j.path("gresPerTask").asText("")),
                j.path("exclusive").asBoolean(false), j.path("constraint").asText(""),
                j.path("array").asInt(0), j.path("throttle").asInt(0), runtime,
                Scenario.duration(j, f + "timeLimit", "timeLimit", runtime.multipliedBy(2)),
                j.path("priority").asLong(1), j.path("hold").asBoolean(false),
                Scenario.duration(j, f + "begin", "begin", Duration.ZERO), j.path("reservation").asText(""));
        return new JobGroup(name, Scenario.duration(j, f + "start", "start", Duration.ZERO),
                j.path("count").asInt(1), Scenario.duration(j, f + "every", "every", Duration.ZERO),
                Scenario.duration(j, f + "over", "over", Duration.ZERO), request, j.path("runtimeJitter").asDouble(0),
                j.path("afterOk").asText(""));
    }

    /** The same request with another runtime (jitter), keeping the time limit above it. */
    static JobRequest withRuntime(JobRequest r, Duration runtime) {
        var limit = r.timeLimit().compareTo(runtime) < 0 ? runtime : r.timeLimit();
        return new JobRequest(r.name(), r.user(), r.partitions(), r.nodes(), r.tasks(), r.cpusPerTask(),
                r.memoryPerNodeMB(), r.gresPerNode(), r.gresPerJob(), r.gresPerTask(), r.exclusive(), r.features(),
                r.arrayTasks(), r.arrayThrottle(), runtime, limit, r.priority(), r.hold(), r.begin(), r.reservation());
    }
}
