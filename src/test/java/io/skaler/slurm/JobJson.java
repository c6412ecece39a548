package io.skaler.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixture builder for one {@code job_info} record, shaped per version as the specs define it: every key a real record
 * carries (128 in v0.0.42, 130 in v0.0.40/41 with {@code exclusive}/{@code oversubscribe}/{@code show_flags}/
 * {@code minimum_switches}, 133/135 in v0.0.43/44), keys in Slurm's order, unset numbers as {@code set:false}.
 * Defaults describe a plain one-node pending job; setters change what a test is about.
 */
public final class JobJson {
    /** v0.0.42 keys in order with a type code: s string, n number wrapper, i int, b bool, a string array, o object. */
    private static final String V42_KEYS = "account s,accrue_time n,admin_comment s,allocating_node s,array_job_id n,"
            + "array_task_id n,array_max_tasks n,array_task_string s,association_id i,batch_features s,batch_flag b,"
            + "batch_host s,flags a,burst_buffer s,burst_buffer_state s,cluster s,cluster_features s,command s,"
            + "comment s,container s,container_id s,contiguous b,core_spec i,thread_spec i,cores_per_socket n,"
            + "billable_tres f,cpus_per_task n,cpu_frequency_minimum n,cpu_frequency_maximum n,"
            + "cpu_frequency_governor n,cpus_per_tres s,cron s,deadline n,delay_boot n,dependency s,"
            + "derived_exit_code x,eligible_time n,end_time n,excluded_nodes s,exit_code x,extra s,failed_node s,"
            + "features s,federation_origin s,federation_siblings_active s,federation_siblings_viable s,"
            + "gres_detail a,group_id i,group_name s,het_job_id n,het_job_id_set s,het_job_offset n,job_id i,"
            + "job_resources z,job_size_str a,job_state a,last_sched_evaluation n,licenses s,mail_type a,mail_user s,"
            + "max_cpus n,max_nodes n,mcs_label s,memory_per_tres s,name s,network s,nodes s,nice i,tasks_per_core n,"
            + "tasks_per_tres n,tasks_per_node n,tasks_per_socket n,tasks_per_board n,cpus n,node_count n,tasks n,"
            + "partition s,prefer s,memory_per_cpu n,memory_per_node n,minimum_cpus_per_node n,"
            + "minimum_tmp_disk_per_node n,power p,preempt_time n,preemptable_time n,pre_sus_time n,hold b,"
            + "priority n,priority_by_partition y,profile a,qos s,reboot b,required_nodes s,required_switches i,"
            + "requeue b,resize_time n,restart_cnt i,resv_name s,scheduled_nodes s,selinux_context s,shared a,"
            + "sockets_per_board i,sockets_per_node n,start_time n,state_description s,state_reason s,"
            + "standard_error s,standard_input s,standard_output s,submit_time n,suspend_time n,system_comment s,"
            + "time_limit n,time_minimum n,threads_per_core n,tres_bind s,tres_freq s,tres_per_job s,tres_per_node s,"
            + "tres_per_socket s,tres_per_task s,tres_req_str s,tres_alloc_str s,user_id i,user_name s,"
            + "maximum_switch_wait_time i,wckey s,current_working_directory s";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> omitted = new ArrayList<>();

    private JobJson(long id, String state) {
        values.put("job_id", id);
        values.put("job_state", List.of(state));
        values.put("partition", "gpu-h100");
        values.put("state_reason", "Resources");
        values.put("node_count", 1L);
        values.put("cpus", 1L);
        values.put("tasks", 1L);
        values.put("cpus_per_task", 1L);
        values.put("priority", 1L);
        values.put("submit_time", 1_795_000_000L);
        values.put("eligible_time", 1_795_000_000L);
        values.put("memory_per_node", 1000L);
        values.put("array_job_id", 0L);
        values.put("array_max_tasks", 0L);
        values.put("het_job_id", 0L);
        values.put("het_job_offset", 0L);
        values.put("time_limit", 60L);
        values.put("user_name", "alice");
        values.put("name", "job" + id);
        values.put("command", "/home/alice/train.sh");
        values.put("current_working_directory", "/home/alice");
        values.put("standard_output", "/home/alice/slurm-" + id + ".out");
        values.put("tres_req_str", "cpu=1,mem=1000M,node=1,billing=1");
        values.put("shared", List.of());
        values.put("exclusive", List.of("false"));
    }

    public static JobJson pending(long id) {
        return new JobJson(id, "PENDING");
    }

    public static JobJson running(long id) {
        return new JobJson(id, "RUNNING").set("state_reason", "None").set("nodes", "gpu-h100-0");
    }

    /** Any field, raw: a number here is written in the answer's number style; other values as given. */
    public JobJson set(String field, Object value) {
        values.put(field, value);
        return this;
    }

    /** Leaves the field out entirely (for missing-field tests). */
    public JobJson omit(String field) {
        omitted.add(field);
        return this;
    }

    public JobJson state(String... states) {
        return set("job_state", List.of(states));
    }

    public JobJson partition(String csv) {
        return set("partition", csv);
    }

    public JobJson reason(String reason, String description) {
        return set("state_reason", reason).set("state_description", description);
    }

    public JobJson nodes(long min, long max) {
        return set("node_count", min).set("max_nodes", max);
    }

    public JobJson cpus(long cpus, long tasks, long cpusPerTask) {
        return set("cpus", cpus).set("tasks", tasks).set("cpus_per_task", cpusPerTask);
    }

    public JobJson memoryPerNode(long mb) {
        values.remove("memory_per_cpu");
        return set("memory_per_node", mb);
    }

    public JobJson memoryPerCpu(long mb) {
        values.remove("memory_per_node");
        return set("memory_per_cpu", mb);
    }

    public JobJson tres(String perNode, String perJob, String perTask, String perSocket) {
        return set("tres_per_node", perNode).set("tres_per_job", perJob).set("tres_per_task", perTask)
                .set("tres_per_socket", perSocket);
    }

    /**
     * {@code --exclusive}: v0.0.40/41 write {@code exclusive:["true"]} and {@code shared:["none"]}, v0.0.42-44 only the
     * latter, v0.0.45 nothing at all ({@code shared} is always {@code []} there, see {@link #toMap}).
     */
    public JobJson exclusive() {
        return set("exclusive", List.of("true")).set("shared", List.of("none"));
    }

    public JobJson held() {
        return set("hold", true).set("priority", 0L).reason("JobHeldUser", "");
    }

    public JobJson array(long arrayJobId, String taskString, long maxTasks) {
        return set("array_job_id", arrayJobId).set("array_task_string", taskString).set("array_max_tasks", maxTasks);
    }

    public JobJson arrayTask(long arrayJobId, long taskId) {
        return set("array_job_id", arrayJobId).set("array_task_id", taskId);
    }

    public JobJson het(long leader, long offset) {
        return set("het_job_id", leader).set("het_job_offset", offset).set("het_job_id_set", leader + "-" + (leader + 1));
    }

    /** This record alone, as compact JSON bytes (for generators that stream large job lists). */
    public byte[] toJson(ApiVersion v, SlurmNumber numbers) {
        return AnswerJson.write(toMap(v, numbers));
    }

    Map<String, Object> toMap(ApiVersion v, SlurmNumber numbers) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String entry : keys(v)) {
            int space = entry.indexOf(' ');
            String key = entry.substring(0, space);
            char type = entry.charAt(space + 1);
            if (omitted.contains(key)) {
                continue;
            }
            Object given = key.equals("shared") && !v.showsExclusivity() ? List.of() : values.get(key);
            out.put(key, given != null ? render(given, type, numbers) : filler(key, type, numbers));
        }
        return out;
    }

    private static Object render(Object given, char type, SlurmNumber numbers) {
        if (type == 'n' && given instanceof Long n) {
            return numbers.of(n);
        }
        return given;
    }

    private Object filler(String key, char type, SlurmNumber numbers) {
        return switch (type) {
            case 's' -> "";
            case 'i' -> key.equals("user_id") || key.equals("group_id") ? 1000 : 0;
            case 'b' -> key.equals("batch_flag") || key.equals("requeue");
            case 'a' -> key.equals("flags") ? List.of("EXACT_TASK_COUNT_REQUESTED", "USING_DEFAULT_ACCOUNT",
                    "USING_DEFAULT_WCKEY", "PARTITION_ASSIGNED") : key.equals("mail_type") ? List.of() : List.of();
            case 'n' -> numbers.unset();
            case 'f' -> numbers == SlurmNumber.BARE ? 1.0 : SlurmNumber.map("set", true, "infinite", false, "number", 1.0);
            case 'x' -> SlurmNumber.map("status", List.of("PENDING"), "return_code", numbers.unset(),
                    "signal", SlurmNumber.map("id", numbers.unset(), "name", ""));
            case 'p' -> SlurmNumber.map("flags", List.of());
            case 'y' -> List.of(SlurmNumber.map("partition", values.get("partition"), "priority", 1));
            case 'z' -> null; // job_resources is null for pending jobs
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    /** The key list of one version, derived from v0.0.42 by the documented differences. */
    static List<String> keys(ApiVersion v) {
        List<String> keys = new ArrayList<>(List.of(V42_KEYS.split(",")));
        switch (v) {
            case V0_0_40, V0_0_41 -> {
                keys.removeIf(k -> k.startsWith("priority_by_partition ") || k.startsWith("required_switches "));
                keys.add(keys.indexOf("extra s") + 1, "exclusive a");
                keys.add(keys.indexOf("memory_per_node n") + 1, "minimum_switches i");
                keys.add(keys.indexOf("nice i") + 1, "oversubscribe b");
                keys.add(keys.indexOf("selinux_context s") + 1, "show_flags a");
            }
            case V0_0_43 -> addV43(keys);
            case V0_0_44 -> {
                addV43(keys);
                keys.add("step_id o");
                keys.add("submit_line s");
            }
            case V0_0_45 -> {
                addV43(keys);
                keys.add("step_id o");
                keys.add("submit_line s");
                keys.removeIf(k -> k.startsWith("power "));
                keys.add(keys.indexOf("container_id s") + 1, "container_type s");
                keys.add(keys.indexOf("memory_per_tres s") + 1, "memory_update_delay i");
                keys.add(keys.indexOf("memory_update_delay i") + 1, "memory_update_margin i");
            }
            default -> { }
        }
        if (v != ApiVersion.V0_0_40 && v != ApiVersion.V0_0_41) {
            keys.removeIf(k -> k.startsWith("exclusive "));
        }
        keys.replaceAll(k -> k.equals("step_id o") ? "step_id p" : k);
        return keys;
    }

    private static void addV43(List<String> keys) {
        keys.add(keys.indexOf("licenses s") + 1, "licenses_allocated s");
        keys.add(keys.indexOf("scheduled_nodes s") + 1, "segment_size i");
        keys.add("stderr_expanded s");
        keys.add("stdin_expanded s");
        keys.add("stdout_expanded s");
    }
}
