package io.skaler.slurm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixture builder for one {@code reservation_info} record, keyed as v0.0.40 to v0.0.44 serve it ({@code watts}
 * dropped in v0.0.45), as measured on 24.11.5 and 26.05.5. Defaults: {@code Nodes=gpu-h100-[0-1]} from 1,795,000,000.
 */
public final class ReservationJson {
    private final String name;
    private String nodeList = "gpu-h100-[0-1]";
    private long start = 1_795_000_000L;
    private boolean withStart = true;
    private List<String> flags = List.of("SPEC_NODES");

    private ReservationJson(String name) {
        this.name = name;
    }

    public static ReservationJson reservation(String name) {
        return new ReservationJson(name);
    }

    public ReservationJson nodes(String hostlist) {
        nodeList = hostlist;
        return this;
    }

    public ReservationJson flags(String... f) {
        flags = List.of(f);
        return this;
    }

    public ReservationJson start(long unixSeconds) {
        start = unixSeconds;
        return this;
    }

    public ReservationJson noStart() {
        withStart = false;
        return this;
    }

    Map<String, Object> toMap(ApiVersion v, SlurmNumber n) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accounts", "");
        out.put("burst_buffer", "");
        out.put("core_count", 192);
        out.put("core_specializations", List.of());
        out.put("end_time", n.of(start + 3600));
        out.put("features", "");
        out.put("flags", flags);
        out.put("groups", "");
        out.put("licenses", "");
        out.put("max_start_delay", 0);
        out.put("name", name);
        out.put("node_count", 2);
        out.put("node_list", nodeList);
        out.put("partition", "");
        out.put("purge_completed", SlurmNumber.map("time", n.of(300)));
        if (withStart) {
            out.put("start_time", n.of(start));
        }
        if (v != ApiVersion.V0_0_45) {
            out.put("watts", Map.of());
        }
        out.put("tres", "cpu=192");
        out.put("users", "alice,-bob");
        return out;
    }
}
