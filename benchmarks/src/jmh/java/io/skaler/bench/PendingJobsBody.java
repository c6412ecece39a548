package io.skaler.bench;

import io.skaler.slurm.ApiVersion;
import io.skaler.slurm.JobJson;
import io.skaler.slurm.SlurmNumber;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Generates a compact v0.0.42 {@code /jobs} answer of N pending jobs shaped like real records (all 128 keys, ~4.6 KB
 * each as measured on a real 24.11), with the variety a real queue has: a few partitions, GRES requests and reasons
 * repeated, names, paths and times unique per job, an array now and then. Streams record by record, so 100k jobs
 * (~470 MB) can go to a file without holding them.
 */
public final class PendingJobsBody {
    private static final String[] PARTITIONS = {"gpu-h100", "gpu-h100,gpu-a100", "trn1", "cpu", "gpu-a100"};
    private static final String[] PER_NODE = {"gres/gpu:h100:8", "gres/gpu:1", "", "gres/neuron:trn1:16", ""};
    private static final String[] USERS = {"alice", "bob", "carol", "dave"};
    private static final String[][] REASONS = {{"Resources", ""}, {"Priority", ""}, {"Priority", ""},
            {"ReqNodeNotAvail", "ReqNodeNotAvail, May be reserved for other job"}, {"Dependency", ""}};

    private PendingJobsBody() {
    }

    public static byte[] bytes(int jobs) {
        var out = new ByteArrayOutputStream(jobs * 4700 + 1024);
        write(out, jobs);
        return out.toByteArray();
    }

    public static void write(OutputStream out, int jobs) {
        try {
            out.write("{\"jobs\":[".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < jobs; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(job(i).toJson(ApiVersion.V0_0_42, SlurmNumber.WRAPPED));
            }
            out.write(("],\"last_backfill\":{\"set\":true,\"infinite\":false,\"number\":1795000000},"
                    + "\"last_update\":{\"set\":true,\"infinite\":false,\"number\":1795000100},"
                    + "\"meta\":{\"plugin\":{\"type\":\"openapi/slurmctld\",\"name\":\"Slurm OpenAPI slurmctld\","
                    + "\"data_parser\":\"data_parser/v0.0.42\",\"accounting_storage\":\"\"},"
                    + "\"client\":{\"source\":\"[localhost]:40022(fd:9)\",\"user\":\"root\",\"group\":\"root\"},"
                    + "\"command\":[],\"slurm\":{\"version\":{\"major\":\"24\",\"micro\":\"5\",\"minor\":\"11\"},"
                    + "\"release\":\"24.11.5\",\"cluster\":\"skaler-dev\"}},\"errors\":[],\"warnings\":[]}")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JobJson job(int i) {
        long id = 100_000L + i;
        String user = USERS[i % USERS.length];
        String partition = PARTITIONS[i % PARTITIONS.length];
        String[] reason = REASONS[i % REASONS.length];
        JobJson j = JobJson.pending(id)
                .partition(partition)
                .reason(reason[0], reason[1])
                .nodes(1 + i % 4, 0)
                .cpus(8L * (1 + i % 4), 8L * (1 + i % 4), 1)
                .memoryPerNode(64_000L * (1 + i % 2))
                .tres(PER_NODE[i % PER_NODE.length], "", "", "")
                .set("user_name", user)
                .set("account", "ml")
                .set("qos", "normal")
                .set("cluster", "skaler-dev")
                .set("group_name", user)
                .set("name", "train-" + i)
                .set("command", "/home/" + user + "/jobs/run-" + i + ".sh")
                .set("current_working_directory", "/home/" + user + "/jobs")
                .set("standard_output", "/home/" + user + "/jobs/slurm-" + id + ".out")
                .set("standard_error", "/home/" + user + "/jobs/slurm-" + id + ".err")
                .set("tres_req_str", "cpu=" + 8 * (1 + i % 4) + ",mem=" + 64 * (1 + i % 2) + "000M,node=" + (1 + i % 4)
                        + ",billing=" + 8 * (1 + i % 4))
                .set("submit_time", 1_795_000_000L + i)
                .set("eligible_time", 1_795_000_000L + i)
                .set("priority", 1000L + i % 97)
                .set("time_limit", 240L)
                .set("mail_type", List.of())
                .set("features", i % 7 == 0 ? "h100&ib" : "");
        if (reason[0].equals("Dependency")) {
            j.set("dependency", "afterok:" + (id - 1) + "(unfulfilled)");
        }
        if (i % 50 == 0) {
            j.array(id, "0-99%8", 8);
        }
        return j;
    }
}
