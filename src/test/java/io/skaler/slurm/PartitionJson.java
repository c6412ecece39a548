package io.skaler.slurm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixture builder for one {@code partition_info} record (18 keys in v0.0.40, {@code select_type} from v0.0.41,
 * {@code topology} from v0.0.43). Defaults: an UP partition of 4 nodes with no MaxNodes (wrapper {@code infinite}).
 */
public final class PartitionJson {
    private final String name;
    private String nodeSets = "";
    private String configured = "";
    private int total = 4;
    private Long maxNodes;
    private int minNodes = 0;
    private List<String> states = List.of("UP");

    private PartitionJson(String name) {
        this.name = name;
    }

    public static PartitionJson partition(String name) {
        return new PartitionJson(name);
    }

    public PartitionJson nodes(String nodeSets, String configured, int total) {
        this.nodeSets = nodeSets;
        this.configured = configured;
        this.total = total;
        return this;
    }

    public PartitionJson maxNodes(long max) {
        this.maxNodes = max;
        return this;
    }

    public PartitionJson minNodes(int min) {
        this.minNodes = min;
        return this;
    }

    public PartitionJson states(String... states) {
        this.states = List.of(states);
        return this;
    }

    Map<String, Object> toMap(ApiVersion v, SlurmNumber n) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", SlurmNumber.map("allowed_allocation", "", "configured", configured, "total", total));
        out.put("accounts", SlurmNumber.map("allowed", "", "deny", ""));
        out.put("groups", SlurmNumber.map("allowed", ""));
        out.put("qos", SlurmNumber.map("allowed", "", "deny", "", "assigned", ""));
        out.put("alternate", "");
        out.put("tres", SlurmNumber.map("billing_weights", "", "configured", "cpu=384,mem=4000000M,node=4,billing=384"));
        out.put("cluster", "skaler-test");
        if (v != ApiVersion.V0_0_40) {
            out.put("select_type", List.of("CORE", "MEMORY"));
        }
        // CpuBind: a number up to v0.0.44, an array of flags in v0.0.45
        out.put("cpus", SlurmNumber.map("task_binding", v == ApiVersion.V0_0_45 ? List.of() : 0, "total", total * 96));
        out.put("defaults", SlurmNumber.map("memory_per_cpu", 0, "partition_memory_per_cpu", n.unset(),
                "partition_memory_per_node", n.unset(), "time", n.unset(), "job", ""));
        out.put("grace_time", 0);
        Map<String, Object> max = new LinkedHashMap<>();
        max.put("cpus_per_node", n.infinite());
        max.put("cpus_per_socket", n.infinite());
        max.put("memory_per_cpu", 0);
        max.put("partition_memory_per_cpu", n.unset());
        max.put("partition_memory_per_node", n.unset());
        max.put("nodes", maxNodes == null ? n.infinite() : n.of(maxNodes));
        max.put("shares", 1);
        max.put("oversubscribe", SlurmNumber.map("jobs", 1, "flags", List.of()));
        max.put("time", n.infinite());
        max.put("over_time_limit", n.unset());
        out.put("maximums", max);
        out.put("minimums", SlurmNumber.map("nodes", minNodes));
        out.put("name", name);
        out.put("node_sets", nodeSets);
        out.put("priority", SlurmNumber.map("job_factor", 1, "tier", 1));
        if (v.compareTo(ApiVersion.V0_0_43) >= 0) {
            out.put("topology", "");
        }
        out.put("timeouts", SlurmNumber.map("resume", n.unset(), "suspend", n.unset()));
        out.put("partition", SlurmNumber.map("state", states));
        out.put("suspend_time", n.unset());
        return out;
    }
}
