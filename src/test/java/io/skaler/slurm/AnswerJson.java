package io.skaler.slurm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a whole slurmrestd answer the way each version shapes it (SPEC v0040..v0044 {@code openapi_*_resp}):
 * the payload array, {@code last_update}, {@code meta} naming the data_parser, {@code errors[]}, {@code warnings[]}.
 */
public final class AnswerJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiVersion version;
    private final SlurmNumber numbers;
    private final List<Map<String, Object>> errors = new ArrayList<>();
    private final List<Map<String, Object>> warnings = new ArrayList<>();

    private AnswerJson(ApiVersion version, SlurmNumber numbers) {
        this.version = version;
        this.numbers = numbers;
    }

    public static AnswerJson of(ApiVersion version) {
        return new AnswerJson(version, SlurmNumber.WRAPPED);
    }

    public static AnswerJson of(ApiVersion version, SlurmNumber numbers) {
        return new AnswerJson(version, numbers);
    }

    public AnswerJson error(int number, String error, String description) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("description", description);
        e.put("error_number", number);
        e.put("error", error);
        e.put("source", "slurm_rest_auth");
        errors.add(e);
        return this;
    }

    public AnswerJson warning(String description) {
        warnings.add(Map.of("description", description, "source", "_op_handler_jobs"));
        return this;
    }

    public byte[] jobs(JobJson... jobs) {
        List<Object> items = new ArrayList<>();
        for (JobJson j : jobs) {
            items.add(j.toMap(version, numbers));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", items);
        body.put("last_backfill", numbers.of(1_795_000_000L));
        return envelope(body);
    }

    byte[] nodes(NodeJson... nodes) {
        List<Object> items = new ArrayList<>();
        for (NodeJson n : nodes) {
            items.add(n.toMap(version, numbers));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nodes", items);
        return envelope(body);
    }

    byte[] partitions(PartitionJson... partitions) {
        List<Object> items = new ArrayList<>();
        for (PartitionJson p : partitions) {
            items.add(p.toMap(version, numbers));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partitions", items);
        return envelope(body);
    }

    byte[] reservations(ReservationJson... reservations) {
        List<Object> items = new ArrayList<>();
        for (ReservationJson r : reservations) {
            items.add(r.toMap(version, numbers));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reservations", items);
        return envelope(body);
    }

    private byte[] envelope(Map<String, Object> body) {
        body.put("last_update", numbers.of(1_795_000_100L));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("plugin", Map.of("type", "openapi/slurmctld", "name", "Slurm OpenAPI slurmctld",
                "data_parser", "data_parser/" + version.text(), "accounting_storage", ""));
        meta.put("client", Map.of("source", "[localhost]:40022(fd:9)", "user", "root", "group", "root"));
        meta.put("command", List.of());
        meta.put("slurm", Map.of("version", Map.of("major", "24", "micro", "5", "minor", "11"),
                "release", "24.11.5", "cluster", "skaler-test"));
        body.put("meta", meta);
        body.put("errors", errors);
        body.put("warnings", warnings);
        return write(body);
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
