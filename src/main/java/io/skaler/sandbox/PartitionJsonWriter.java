package io.skaler.sandbox;

import static io.skaler.sandbox.SlurmJson.infinite;
import static io.skaler.sandbox.SlurmJson.number;
import static io.skaler.sandbox.SlurmJson.strings;
import static io.skaler.sandbox.SlurmJson.unset;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Writes one {@code v0.0.42_partition_info} (19 keys). A sandbox partition is Slinky's
 * {@code PartitionName=<p> Nodes=<nodeset>}: its total counts registered nodes only, as with FUTURE placeholders.
 */
final class PartitionJsonWriter {
    private final String cluster;

    PartitionJsonWriter(String cluster) {
        this.cluster = cluster;
    }

    void write(JsonGenerator g, String name, List<SandboxNodeSet> sets, List<SimNode> registered) throws IOException {
        int cpus = registered.stream().mapToInt(n -> n.shape().cpus()).sum();
        long mem = registered.stream().mapToLong(n -> n.shape().memoryMB()).sum();
        var nodeSetNames = sets.stream().map(SandboxNodeSet::name).toList();
        g.writeStartObject();
        g.writeObjectFieldStart("nodes");
        g.writeStringField("allowed_allocation", "");
        g.writeStringField("configured", String.join(",", nodeSetNames));
        g.writeNumberField("total", registered.size());
        g.writeEndObject();
        g.writeObjectFieldStart("accounts");
        g.writeStringField("allowed", "");
        g.writeStringField("deny", "");
        g.writeEndObject();
        g.writeObjectFieldStart("groups");
        g.writeStringField("allowed", "");
        g.writeEndObject();
        g.writeObjectFieldStart("qos");
        g.writeStringField("allowed", "");
        g.writeStringField("deny", "");
        g.writeStringField("assigned", "");
        g.writeEndObject();
        g.writeStringField("alternate", "");
        g.writeObjectFieldStart("tres");
        g.writeStringField("billing_weights", "");
        g.writeStringField("configured", registered.isEmpty() ? ""
                : "cpu=" + cpus + ",mem=" + SlurmJson.memory(mem) + ",node=" + registered.size() + ",billing=" + cpus);
        g.writeEndObject();
        g.writeStringField("cluster", cluster);
        strings(g, "select_type", List.of());
        g.writeObjectFieldStart("cpus");
        g.writeNumberField("task_binding", 0);
        g.writeNumberField("total", cpus);
        g.writeEndObject();
        g.writeObjectFieldStart("defaults");
        g.writeNumberField("memory_per_cpu", 0);
        unset(g, "partition_memory_per_cpu");
        unset(g, "partition_memory_per_node");
        infinite(g, "time");
        g.writeStringField("job", "");
        g.writeEndObject();
        g.writeNumberField("grace_time", 0);
        g.writeObjectFieldStart("maximums");
        infinite(g, "cpus_per_node");
        infinite(g, "cpus_per_socket");
        g.writeNumberField("memory_per_cpu", 0);
        unset(g, "partition_memory_per_cpu");
        unset(g, "partition_memory_per_node");
        infinite(g, "nodes");
        g.writeNumberField("shares", 1);
        g.writeObjectFieldStart("oversubscribe");
        g.writeNumberField("jobs", 1);
        strings(g, "flags", List.of());
        g.writeEndObject();
        infinite(g, "time");
        unset(g, "over_time_limit");
        g.writeEndObject();
        g.writeObjectFieldStart("minimums");
        g.writeNumberField("nodes", 0);
        g.writeEndObject();
        g.writeStringField("name", name);
        g.writeStringField("node_sets", String.join(",", nodeSetNames));
        g.writeObjectFieldStart("priority");
        g.writeNumberField("job_factor", 1);
        g.writeNumberField("tier", 1);
        g.writeEndObject();
        g.writeObjectFieldStart("timeouts");
        number(g, "resume", 0);
        number(g, "suspend", 0);
        g.writeEndObject();
        g.writeObjectFieldStart("partition");
        strings(g, "state", List.of("UP"));
        g.writeEndObject();
        unset(g, "suspend_time");
        g.writeEndObject();
    }
}
