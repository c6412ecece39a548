package io.skaler.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixture builder for one {@code node} record (57 keys in v0.0.42; v0.0.40 lacks {@code gpu_spec} and
 * {@code res_cores_per_gpu}; v0.0.43+ add {@code tls_cert_last_renewal}, {@code cert_flags}, {@code topology}).
 * Defaults: an idle Slinky dynamic GPU node with 8 H100s.
 */
public final class NodeJson {
    private static final String V42_KEYS = "architecture s,burstbuffer_network_address s,boards i,boot_time n,"
            + "cluster_name s,cores i,specialized_cores i,cpu_binding i,cpu_load i,free_mem n,cpus i,effective_cpus i,"
            + "specialized_cpus s,energy e,external_sensors o,extra s,power o,features a,active_features a,gpu_spec s,"
            + "gres s,gres_drained s,gres_used s,instance_id s,instance_type s,last_busy n,mcs_label s,"
            + "specialized_memory i,name s,next_state_after_reboot a,address s,hostname s,state a,"
            + "operating_system s,owner s,partitions a,port i,real_memory i,res_cores_per_gpu i,comment s,reason s,"
            + "reason_changed_at n,reason_set_by_user s,resume_after n,reservation s,alloc_memory i,alloc_cpus i,"
            + "alloc_idle_cpus i,tres_used s,tres_weighted d,slurmd_start_time n,sockets i,threads i,"
            + "temporary_disk i,weight i,tres s,version s";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> omitted = new ArrayList<>();

    private NodeJson(String name) {
        values.put("name", name);
        values.put("hostname", name);
        values.put("address", "127.0.0.1");
        values.put("state", List.of("IDLE", "DYNAMIC_NORM"));
        values.put("partitions", List.of("gpu-h100"));
        values.put("features", List.of("h100", "gpu"));
        values.put("active_features", List.of("h100", "gpu"));
        values.put("cpus", 96);
        values.put("effective_cpus", 96);
        values.put("alloc_idle_cpus", 96);
        values.put("real_memory", 1_000_000L);
        values.put("gres", "gpu:h100:8(S:0)");
        values.put("gres_used", "gpu:h100:0(IDX:N/A)");
        values.put("gres_drained", "N/A");
        values.put("tres", "cpu=96,mem=1000000M,billing=96,gres/gpu=8");
        values.put("last_busy", 1_795_000_000L);
        values.put("version", "24.11.5");
        values.put("weight", 1);
        values.put("port", 17200);
        values.put("sockets", 1);
        values.put("cores", 96);
        values.put("threads", 1);
        values.put("boards", 1);
    }

    public static NodeJson node(String name) {
        return new NodeJson(name);
    }

    public NodeJson set(String field, Object value) {
        values.put(field, value);
        return this;
    }

    public NodeJson omit(String field) {
        omitted.add(field);
        return this;
    }

    public NodeJson state(String... states) {
        return set("state", List.of(states));
    }

    public NodeJson partitions(String... partitions) {
        return set("partitions", List.of(partitions));
    }

    public NodeJson drained(String reason, String by, long at) {
        return state("IDLE", "DRAIN").set("reason", reason).set("reason_set_by_user", by).set("reason_changed_at", at);
    }

    Map<String, Object> toMap(ApiVersion v, SlurmNumber numbers) {
        List<String> keys = new ArrayList<>(List.of(V42_KEYS.split(",")));
        if (v == ApiVersion.V0_0_40) {
            keys.removeIf(k -> k.startsWith("gpu_spec ") || k.startsWith("res_cores_per_gpu "));
        }
        if (v == ApiVersion.V0_0_45) { // gone in 26.05; suspend_time new
            keys.removeIf(k -> k.startsWith("power ") || k.startsWith("tres_weighted ")
                    || k.startsWith("external_sensors "));
            keys.add(keys.indexOf("sockets i") + 1, "suspend_time n");
        }
        if (v.compareTo(ApiVersion.V0_0_43) >= 0) {
            keys.add(keys.indexOf("boot_time n") + 1, "tls_cert_last_renewal n");
            keys.add(keys.indexOf("tls_cert_last_renewal n") + 1, "cert_flags a");
            keys.add(keys.indexOf("weight i") + 1, "topology s");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String entry : keys) {
            String key = entry.substring(0, entry.indexOf(' '));
            char type = entry.charAt(entry.length() - 1);
            if (omitted.contains(key)) {
                continue;
            }
            Object given = values.get(key);
            if (given != null) {
                out.put(key, type == 'n' && given instanceof Long n ? numbers.of(n) : given);
                continue;
            }
            out.put(key, switch (type) {
                case 's' -> "";
                case 'i' -> 0;
                case 'a' -> List.of();
                case 'n' -> numbers.unset();
                case 'd' -> 0.0;
                case 'e' -> SlurmNumber.map("average_watts", 0, "base_consumed_energy", 0, "consumed_energy", 0,
                        "current_watts", numbers.unset(), "previous_consumed_energy", 0, "last_collected", 0);
                case 'o' -> SlurmNumber.map();
                default -> throw new IllegalArgumentException("type " + type);
            });
        }
        return out;
    }
}
