package io.skaler.sandbox;

import static io.skaler.sandbox.SlurmJson.number;
import static io.skaler.sandbox.SlurmJson.strings;
import static io.skaler.sandbox.SlurmJson.unset;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** Writes one {@code v0.0.42_node} record with all 57 keys, as slurmrestd 24.11 shows a FUTURE or registered node. */
final class NodeJsonWriter {
    private final String cluster;

    NodeJsonWriter(String cluster) {
        this.cluster = cluster;
    }

    void write(JsonGenerator g, SimNode n) throws IOException {
        var s = n.shape();
        int sockets = s.cpus() % 2 == 0 ? 2 : 1;
        g.writeStartObject();
        g.writeStringField("architecture", n.registered() ? "x86_64" : "");
        g.writeStringField("burstbuffer_network_address", "");
        g.writeNumberField("boards", 1);
        number(g, "boot_time", n.bootTime());
        g.writeStringField("cluster_name", n.registered() ? cluster : "");
        g.writeNumberField("cores", s.cpus() / sockets);
        g.writeNumberField("specialized_cores", 0);
        g.writeNumberField("cpu_binding", 0);
        g.writeNumberField("cpu_load", 0);
        if (n.registered()) {
            number(g, "free_mem", s.memoryMB() - n.allocMemoryMB());
        } else {
            unset(g, "free_mem");
        }
        g.writeNumberField("cpus", s.cpus());
        g.writeNumberField("effective_cpus", s.cpus());
        g.writeStringField("specialized_cpus", "");
        g.writeObjectFieldStart("energy");
        g.writeNumberField("average_watts", 0);
        g.writeNumberField("base_consumed_energy", 0);
        g.writeNumberField("consumed_energy", 0);
        unset(g, "current_watts");
        g.writeNumberField("previous_consumed_energy", 0);
        g.writeNumberField("last_collected", 0);
        g.writeEndObject();
        g.writeObjectFieldStart("external_sensors");
        g.writeEndObject();
        g.writeStringField("extra", "");
        g.writeObjectFieldStart("power");
        g.writeEndObject();
        strings(g, "features", s.features());
        strings(g, "active_features", s.features());
        g.writeStringField("gpu_spec", "");
        g.writeStringField("gres", GresMath.nodeString(s.gres()));
        g.writeStringField("gres_drained", "N/A");
        g.writeStringField("gres_used", GresMath.usedString(s.gres(), n.gresUsed()));
        g.writeStringField("instance_id", "");
        g.writeStringField("instance_type", "");
        number(g, "last_busy", n.lastBusy());
        g.writeStringField("mcs_label", "");
        g.writeNumberField("specialized_memory", 0);
        g.writeStringField("name", n.name());
        strings(g, "next_state_after_reboot", List.of());
        g.writeStringField("address", n.name());
        g.writeStringField("hostname", n.name());
        strings(g, "state", n.stateFlags());
        g.writeStringField("operating_system", n.registered() ? "Linux 6.1.0-sandbox" : "");
        g.writeStringField("owner", "");
        strings(g, "partitions", n.partitions());
        g.writeNumberField("port", 6818);
        g.writeNumberField("real_memory", s.memoryMB());
        g.writeNumberField("res_cores_per_gpu", 0);
        g.writeStringField("comment", n.comment());
        g.writeStringField("reason", n.reason());
        number(g, "reason_changed_at", n.reasonChangedAt());
        g.writeStringField("reason_set_by_user", n.reasonSetByUser());
        unset(g, "resume_after");
        g.writeStringField("reservation", n.reservation());
        g.writeNumberField("alloc_memory", n.allocMemoryMB());
        g.writeNumberField("alloc_cpus", n.allocCpus());
        g.writeNumberField("alloc_idle_cpus", s.cpus() - n.allocCpus());
        g.writeStringField("tres_used", n.busy() ? tres(n.allocCpus(), n.allocMemoryMB(), n.gresUsed()) : "");
        g.writeNumberField("tres_weighted", (double) n.allocCpus());
        number(g, "slurmd_start_time", n.bootTime());
        g.writeNumberField("sockets", sockets);
        g.writeNumberField("threads", 1);
        g.writeNumberField("temporary_disk", 0);
        g.writeNumberField("weight", 1);
        g.writeStringField("tres", tres(s.cpus(), s.memoryMB(), s.gres()));
        g.writeStringField("version", n.registered() ? SlurmJson.RELEASE_MAJOR + "." + SlurmJson.RELEASE_MINOR + "."
                + SlurmJson.RELEASE_MICRO : "");
        g.writeEndObject();
    }

    /** {@code cpu=96,mem=1000000M,billing=96,gres/gpu=8,gres/gpu:h100=8}. */
    static String tres(int cpus, long memMB, io.skaler.model.Gres gres) {
        var sb = new StringBuilder("cpu=").append(cpus).append(",mem=").append(SlurmJson.memory(memMB))
                .append(",billing=").append(cpus);
        for (var e : gres.amounts().entrySet()) {
            String kind = io.skaler.model.Gres.kindOf(e.getKey());
            sb.append(",gres/").append(kind).append('=').append(e.getValue());
            if (!kind.equals(e.getKey())) {
                sb.append(",gres/").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.toString();
    }
}
