package io.skaler.slurm;

import io.skaler.model.SlurmPartition;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a {@code GET /slurm/v0.0.4x/partitions} answer (v0.0.40 to v0.0.45) into {@link SlurmPartition}s.
 * {@code maximums.nodes} is a number wrapper whose {@code infinite:true} (MaxNodes=UNLIMITED) reads as 0, "no limit";
 * {@code node_sets} is a comma-separated string in every version. Fields skaler does not read are skipped whatever
 * their shape ({@code cpus.task_binding} is a number up to v0.0.44 and an array in v0.0.45).
 */
public final class PartitionsParser {
    private final AnswerReader reader;

    public PartitionsParser(ParseLimits limits) {
        this.reader = new AnswerReader(limits);
    }

    public PartitionsParser() {
        this(ParseLimits.DEFAULT);
    }

    public SlurmAnswer<SlurmPartition> parse(InputStream body) throws IOException, BadAnswerException {
        List<SlurmPartition> out = new ArrayList<>();
        AnswerMeta meta = reader.read(body, "partitions", (r, i) -> out.add(readPartition(r, i)));
        return new SlurmAnswer<>(out, meta, List.of());
    }

    public SlurmAnswer<SlurmPartition> parse(byte[] body) throws BadAnswerException {
        List<SlurmPartition> out = new ArrayList<>();
        AnswerMeta meta = reader.read(body, "partitions", (r, i) -> out.add(readPartition(r, i)));
        return new SlurmAnswer<>(out, meta, List.of());
    }

    private static SlurmPartition readPartition(SlurmJsonReader r, int index) throws IOException, BadAnswerException {
        var p = new Fields();
        while (r.next() == JsonToken.FIELD_NAME) {
            String field = r.name();
            r.next();
            switch (field) {
                case "name" -> p.name = r.string();
                case "node_sets" -> p.nodeSets = r.strings();
                case "nodes" -> readObject(r, (f, rr) -> {
                    switch (f) {
                        case "configured" -> p.configured = rr.string();
                        case "total" -> p.total = rr.count(0);
                        default -> rr.skip();
                    }
                });
                case "maximums" -> readObject(r, (f, rr) -> {
                    if (f.equals("nodes")) {
                        p.maxNodes = rr.count(0);
                    } else {
                        rr.skip();
                    }
                });
                case "minimums" -> readObject(r, (f, rr) -> {
                    if (f.equals("nodes")) {
                        p.minNodes = rr.count(0);
                    } else {
                        rr.skip();
                    }
                });
                case "partition" -> readObject(r, (f, rr) -> {
                    if (f.equals("state")) {
                        p.states = rr.strings();
                    } else {
                        rr.skip();
                    }
                });
                default -> r.skip();
            }
        }
        if (p.name == null || p.name.isEmpty()) {
            throw new BadAnswerException("/partitions/" + index + "/name", "missing");
        }
        return new SlurmPartition(p.name, p.nodeSets, p.configured, p.total, p.maxNodes, p.minNodes, p.states);
    }

    private interface FieldReader {
        void read(String field, SlurmJsonReader r) throws IOException, BadAnswerException;
    }

    private static void readObject(SlurmJsonReader r, FieldReader fields) throws IOException, BadAnswerException {
        if (r.token() == JsonToken.VALUE_NULL) {
            return;
        }
        r.expect(JsonToken.START_OBJECT, "an object");
        while (r.next() == JsonToken.FIELD_NAME) {
            String f = r.name();
            r.next();
            fields.read(f, r);
        }
    }

    private static final class Fields {
        String name;
        List<String> nodeSets = List.of();
        String configured = "";
        int total;
        int maxNodes;
        int minNodes;
        List<String> states = List.of();
    }
}
