package io.skaler.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;

/**
 * One reservation of {@code GET reservations}, v0.0.42, with every field and in the order slurmrestd 24.11.5 and
 * 26.05.5 write it for {@code scontrol create reservation ... Nodes=... Users=...}
 * ({@code src/test/resources/slurm/real-*}{@code /v0.0.42/reservations.json}; measured again on 24.11.5 for FUTURE
 * nodes: {@code core_count} and {@code tres} count the reserved nodes' CPUs, {@code partition} stays {@code ""}).
 */
final class ReservationJsonWriter {
    private ReservationJsonWriter() {
    }

    /** @param cpusOf the configured CPUs of each node ({@code core_count}: whole nodes are reserved) */
    static void write(JsonGenerator g, SimReservations.Reservation r, Map<String, Integer> cpusOf) throws IOException {
        long cores = r.nodes().stream().mapToLong(n -> cpusOf.getOrDefault(n, 0)).sum();
        g.writeStartObject();
        g.writeStringField("accounts", "");
        g.writeStringField("burst_buffer", "");
        g.writeNumberField("core_count", cores);
        g.writeArrayFieldStart("core_specializations");
        g.writeEndArray();
        SlurmJson.number(g, "end_time", r.endTime());
        g.writeStringField("features", "");
        SlurmJson.strings(g, "flags", java.util.List.of("SPEC_NODES")); // nodes were named
        g.writeStringField("groups", "");
        g.writeStringField("licenses", "");
        g.writeNumberField("max_start_delay", 0);
        g.writeStringField("name", r.name());
        g.writeNumberField("node_count", r.nodes().size());
        g.writeStringField("node_list", SlurmJson.hostlist(r.nodes()));
        g.writeStringField("partition", "");
        g.writeObjectFieldStart("purge_completed");
        SlurmJson.number(g, "time", 300);
        g.writeEndObject();
        SlurmJson.number(g, "start_time", r.startTime());
        g.writeObjectFieldStart("watts");
        g.writeEndObject();
        g.writeStringField("tres", "cpu=" + cores);
        g.writeStringField("users", String.join(",", r.users()));
        g.writeEndObject();
    }
}
