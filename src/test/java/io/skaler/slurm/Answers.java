package io.skaler.slurm;

import java.util.List;

/** Builds slurmrestd answers shaped as the v0.0.40-44 schemas describe them (only the envelope keys the client reads). */
final class Answers {

    private Answers() {
    }

    static String wrapper(long n) {
        return "{\"set\":true,\"infinite\":false,\"number\":" + n + "}";
    }

    static String meta() {
        return "\"meta\":{\"plugin\":{\"type\":\"openapi/slurmctld\",\"data_parser\":\"data_parser/v0.0.42\"},"
                + "\"slurm\":{\"version\":{\"major\":\"24\",\"minor\":\"11\",\"micro\":\"5\"},\"release\":\"24.11.5\","
                + "\"cluster\":\"test\"}}";
    }

    static String job(long id, String state) {
        return "{\"job_id\":" + id + ",\"job_state\":[\"" + state + "\"],\"partition\":\"gpu\",\"comment\":"
                + "\"mentions \\\"last_update\\\": 1 in a string\",\"node_count\":" + wrapper(1) + "}";
    }

    /** A full job list in slurmctld's key order: jobs, last_backfill, last_update, meta, errors, warnings. */
    static String jobs(List<String> jobs, long lastUpdate) {
        return "{\"jobs\":[" + String.join(",", jobs) + "],\"last_backfill\":" + wrapper(lastUpdate - 30)
                + ",\"last_update\":" + wrapper(lastUpdate) + "," + meta() + ",\"errors\":[],\"warnings\":[]}";
    }

    /** What {@code jobs?update_time=T} answers when nothing changed. */
    static String noJobChanges(long since, long lastUpdate) {
        return "{\"jobs\":[],\"last_backfill\":" + wrapper(lastUpdate - 30) + ",\"last_update\":" + wrapper(lastUpdate)
                + "," + meta() + ",\"errors\":[],\"warnings\":[{\"description\":\"No job changes since update_time["
                + since + "]\",\"source\":\"_op_handler_jobs\"}]}";
    }

    static String error(String description, String error, int number) {
        return "{" + meta() + ",\"errors\":[{\"description\":\"" + description + "\",\"error_number\":" + number
                + ",\"error\":\"" + error + "\",\"source\":\"slurm_rest\"}],\"warnings\":[]}";
    }
}
