package io.skaler.sandbox;

import static io.skaler.sandbox.SlurmJson.number;
import static io.skaler.sandbox.SlurmJson.strings;
import static io.skaler.sandbox.SlurmJson.unset;

import com.fasterxml.jackson.core.JsonGenerator;
import io.skaler.model.Gres;
import java.io.IOException;
import java.util.List;

/**
 * Writes one {@code v0.0.42_job_info} record with all 128 keys, in the order and shapes slurmrestd 24.11 uses:
 * number wrappers, {@code job_state} as an array, {@code tres_per_*} strings as {@code sbatch} options turn into them,
 * {@code job_resources: null} while pending.
 */
final class JobJsonWriter {
    private final String cluster;

    JobJsonWriter(String cluster) {
        this.cluster = cluster;
    }

    void write(JsonGenerator g, SimJob j) throws IOException {
        var r = j.request();
        boolean pending = j.pending();
        boolean running = j.running();
        int cpus = r.tasks() * r.cpusPerTask();
        long priority = r.hold() ? 0 : r.priority();
        String home = "/home/" + r.user();
        g.writeStartObject();
        g.writeStringField("account", "");
        number(g, "accrue_time", j.afterOk().exists() ? j.eligibleTime() : j.submitTime());
        g.writeStringField("admin_comment", "");
        g.writeStringField("allocating_node", "login-0");
        number(g, "array_job_id", j.arrayJobId());
        if (j.arrayTaskId() >= 0) {
            number(g, "array_task_id", j.arrayTaskId());
        } else {
            unset(g, "array_task_id");
        }
        number(g, "array_max_tasks", r.arrayThrottle());
        g.writeStringField("array_task_string", j.arrayRecord() ? j.pendingTasks().format(r.arrayThrottle()) : "");
        g.writeNumberField("association_id", 0);
        g.writeStringField("batch_features", "");
        g.writeBooleanField("batch_flag", true);
        g.writeStringField("batch_host", j.nodes().isEmpty() ? "" : j.nodes().get(0));
        strings(g, "flags", List.of());
        g.writeStringField("burst_buffer", "");
        g.writeStringField("burst_buffer_state", "");
        g.writeStringField("cluster", cluster);
        g.writeStringField("cluster_features", "");
        g.writeStringField("command", home + "/" + r.name() + ".sh");
        g.writeStringField("comment", "");
        g.writeStringField("container", "");
        g.writeStringField("container_id", "");
        g.writeBooleanField("contiguous", false);
        g.writeNumberField("core_spec", 0);
        g.writeNumberField("thread_spec", 0);
        unset(g, "cores_per_socket");
        SlurmJson.floatNumber(g, "billable_tres", cpus);
        number(g, "cpus_per_task", r.cpusPerTask());
        unset(g, "cpu_frequency_minimum");
        unset(g, "cpu_frequency_maximum");
        unset(g, "cpu_frequency_governor");
        g.writeStringField("cpus_per_tres", "");
        g.writeStringField("cron", "");
        number(g, "deadline", 0);
        number(g, "delay_boot", 0);
        g.writeStringField("dependency", j.afterOk().served());
        exitCode(g, "derived_exit_code", pending || running ? "PENDING" : "SUCCESS");
        number(g, "eligible_time", j.eligibleTime());
        number(g, "end_time", running ? j.startTime() + r.timeLimit().toSeconds() : j.endTime());
        g.writeStringField("excluded_nodes", "");
        exitCode(g, "exit_code", pending || running ? "PENDING" : j.state() == SimJob.State.NODE_FAIL
                || j.state() == SimJob.State.TIMEOUT ? "SIGNALED" : "SUCCESS");
        g.writeStringField("extra", "");
        g.writeStringField("failed_node", j.state() == SimJob.State.NODE_FAIL ? j.nodes().get(0) : "");
        g.writeStringField("features", r.features());
        g.writeStringField("federation_origin", "");
        g.writeStringField("federation_siblings_active", "");
        g.writeStringField("federation_siblings_viable", "");
        g.writeArrayFieldStart("gres_detail");
        if (running && !r.gresNeededPerNode().isEmpty()) {
            for (int i = 0; i < j.nodes().size(); i++) {
                g.writeString(gresDetail(r.gresNeededPerNode()));
            }
        }
        g.writeEndArray();
        g.writeNumberField("group_id", 1000);
        g.writeStringField("group_name", r.user());
        number(g, "het_job_id", j.hetJobId());
        g.writeStringField("het_job_id_set", "");
        number(g, "het_job_offset", j.hetJobOffset());
        g.writeNumberField("job_id", j.jobId());
        if (running) {
            jobResources(g, j);
        } else {
            g.writeNullField("job_resources");
        }
        strings(g, "job_size_str", List.of());
        // a job held because its reservation ended: [PENDING, RESV_DEL_HOLD], measured on 24.11.5
        strings(g, "job_state", j.reason().equals(SimReservations.DELETED) ? List.of("PENDING", "RESV_DEL_HOLD")
                : List.of(j.state().name()));
        number(g, "last_sched_evaluation", pending ? j.submitTime() : j.startTime());
        g.writeStringField("licenses", "");
        strings(g, "mail_type", List.of());
        g.writeStringField("mail_user", r.user());
        number(g, "max_cpus", 0);
        number(g, "max_nodes", r.nodes());
        g.writeStringField("mcs_label", "");
        g.writeStringField("memory_per_tres", "");
        g.writeStringField("name", r.name());
        g.writeStringField("network", "");
        g.writeStringField("nodes", SlurmJson.hostlist(j.nodes()));
        g.writeNumberField("nice", 0);
        unset(g, "tasks_per_core");
        unset(g, "tasks_per_tres");
        unset(g, "tasks_per_node");
        unset(g, "tasks_per_socket");
        unset(g, "tasks_per_board");
        number(g, "cpus", cpus);
        number(g, "node_count", r.nodes());
        number(g, "tasks", r.tasks());
        g.writeStringField("partition", j.partition());
        g.writeStringField("prefer", "");
        unset(g, "memory_per_cpu");
        number(g, "memory_per_node", r.memoryPerNodeMB());
        number(g, "minimum_cpus_per_node", r.cpusPerTask());
        number(g, "minimum_tmp_disk_per_node", 0);
        g.writeObjectFieldStart("power");
        g.writeArrayFieldStart("flags");
        g.writeEndArray();
        g.writeEndObject();
        number(g, "preempt_time", 0);
        number(g, "preemptable_time", 0);
        number(g, "pre_sus_time", 0);
        g.writeBooleanField("hold", r.hold());
        number(g, "priority", priority);
        g.writeArrayFieldStart("priority_by_partition");
        for (String p : pending ? r.partitions() : List.of(j.partition())) {
            g.writeStartObject();
            g.writeStringField("partition", p);
            g.writeNumberField("priority", priority);
            g.writeEndObject();
        }
        g.writeEndArray();
        strings(g, "profile", List.of("NOT_SET"));
        g.writeStringField("qos", "");
        g.writeBooleanField("reboot", false);
        g.writeStringField("required_nodes", "");
        g.writeNumberField("required_switches", 0);
        g.writeBooleanField("requeue", true);
        number(g, "resize_time", 0);
        g.writeNumberField("restart_cnt", 0);
        g.writeStringField("resv_name", j.reason().equals(SimReservations.DELETED) ? "" : r.reservation());
        g.writeStringField("scheduled_nodes", "");
        g.writeStringField("selinux_context", "");
        strings(g, "shared", r.exclusive() ? List.of("none") : List.of());
        g.writeNumberField("sockets_per_board", 0);
        unset(g, "sockets_per_node");
        number(g, "start_time", j.startTime());
        g.writeStringField("state_description", j.reasonDescription());
        g.writeStringField("state_reason", j.reason());
        g.writeStringField("standard_error", home + "/slurm-" + j.jobId() + ".out");
        g.writeStringField("standard_input", "/dev/null");
        g.writeStringField("standard_output", home + "/slurm-" + j.jobId() + ".out");
        number(g, "submit_time", j.submitTime());
        number(g, "suspend_time", 0);
        g.writeStringField("system_comment", "");
        number(g, "time_limit", r.timeLimit().toMinutes());
        number(g, "time_minimum", 0);
        unset(g, "threads_per_core");
        g.writeStringField("tres_bind", "");
        g.writeStringField("tres_freq", "");
        g.writeStringField("tres_per_job", GresMath.tresColon(r.gresPerJob()));
        g.writeStringField("tres_per_node", GresMath.tresColon(r.gresPerNode()));
        g.writeStringField("tres_per_socket", "");
        g.writeStringField("tres_per_task", tresPerTask(r));
        g.writeStringField("tres_req_str", tres(cpus, r.memoryPerNodeMB() * r.nodes(), r.nodes()));
        g.writeStringField("tres_alloc_str", running ? tres(cpus, r.memoryPerNodeMB() * r.nodes(), r.nodes()) : "");
        g.writeNumberField("user_id", 1000);
        g.writeStringField("user_name", r.user());
        g.writeNumberField("maximum_switch_wait_time", 0);
        g.writeStringField("wckey", "");
        g.writeStringField("current_working_directory", home);
        g.writeEndObject();
    }

    /** {@code --cpus-per-task=4 --gpus-per-task=1} shows as {@code cpu=4,gres/gpu=1}. */
    static String tresPerTask(JobRequest r) {
        String gres = GresMath.tresEquals(r.gresPerTask());
        String cpu = r.cpusPerTask() > 1 ? "cpu=" + r.cpusPerTask() : "";
        return cpu.isEmpty() ? gres : gres.isEmpty() ? cpu : cpu + "," + gres;
    }

    /** GPUs are absent here without {@code AccountingStorageTRES=gres/gpu} (real-slurm.md §3). */
    static String tres(int cpus, long memMB, int nodes) {
        return "cpu=" + cpus + ",mem=" + SlurmJson.memory(memMB) + ",node=" + nodes + ",billing=" + cpus;
    }

    private static String gresDetail(Gres perNode) {
        var sb = new StringBuilder();
        for (var e : perNode.amounts().entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            long n = e.getValue();
            sb.append(e.getKey()).append(':').append(n).append("(IDX:").append(n == 1 ? "0" : "0-" + (n - 1))
                    .append(')');
        }
        return sb.toString();
    }

    private static void exitCode(JsonGenerator g, String field, String status) throws IOException {
        g.writeObjectFieldStart(field);
        strings(g, "status", List.of(status));
        number(g, "return_code", 0);
        g.writeObjectFieldStart("signal");
        if (status.equals("SIGNALED")) {
            number(g, "id", 9);
            g.writeStringField("name", "SIGKILL");
        } else {
            unset(g, "id");
            g.writeStringField("name", "");
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A running job's allocation, per node (socket/core detail left empty: nothing reads it for demand). */
    private static void jobResources(JsonGenerator g, SimJob j) throws IOException {
        var r = j.request();
        g.writeObjectFieldStart("job_resources");
        strings(g, "select_type", List.of("CPU", "MEMORY"));
        g.writeObjectFieldStart("nodes");
        g.writeNumberField("count", j.nodes().size());
        strings(g, "select_type", List.of("AVAILABLE"));
        g.writeStringField("list", SlurmJson.hostlist(j.nodes()));
        g.writeBooleanField("whole", r.exclusive());
        g.writeArrayFieldStart("allocation");
        for (int i = 0; i < j.nodes().size(); i++) {
            g.writeStartObject();
            g.writeNumberField("index", i);
            g.writeStringField("name", j.nodes().get(i));
            g.writeObjectFieldStart("cpus");
            g.writeNumberField("count", r.tasksPerNode() * r.cpusPerTask());
            g.writeNumberField("used", r.tasksPerNode() * r.cpusPerTask());
            g.writeEndObject();
            g.writeObjectFieldStart("memory");
            g.writeNumberField("used", 0);
            g.writeNumberField("allocated", r.memoryPerNodeMB());
            g.writeEndObject();
            g.writeArrayFieldStart("sockets");
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeNumberField("cpus", r.tasks() * r.cpusPerTask());
        number(g, "threads_per_core", 1);
        g.writeEndObject();
    }
}
