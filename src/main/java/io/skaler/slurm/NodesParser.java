package io.skaler.slurm;

import io.skaler.model.Gres;
import io.skaler.model.NodeState;
import io.skaler.model.SlurmNode;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Streams a {@code GET /slurm/v0.0.4x/nodes} answer (v0.0.40 to v0.0.45) into {@link SlurmNode}s. The node record
 * is the same in every supported version for the fields skaler reads (v0.0.41 adds {@code gpu_spec}, v0.0.43
 * {@code topology} and certificate fields, v0.0.45 drops {@code power} and {@code tres_weighted}; all ignored).
 */
public final class NodesParser {
    /** Base states; every other entry of {@code state[]} is a flag. */
    static final Set<String> BASE_STATES =
            Set.of("INVALID", "UNKNOWN", "DOWN", "IDLE", "ALLOCATED", "ERROR", "MIXED", "FUTURE");

    private final AnswerReader reader;

    public NodesParser(ParseLimits limits) {
        this.reader = new AnswerReader(limits);
    }

    public NodesParser() {
        this(ParseLimits.DEFAULT);
    }

    public SlurmAnswer<SlurmNode> parse(InputStream body) throws IOException, BadAnswerException {
        var pool = new RecordPool();
        List<SlurmNode> nodes = new ArrayList<>();
        AnswerMeta meta = reader.read(body, "nodes", (r, i) -> nodes.add(readNode(r, i, pool)));
        return new SlurmAnswer<>(nodes, meta, List.of());
    }

    public SlurmAnswer<SlurmNode> parse(byte[] body) throws BadAnswerException {
        var pool = new RecordPool();
        List<SlurmNode> nodes = new ArrayList<>();
        AnswerMeta meta = reader.read(body, "nodes", (r, i) -> nodes.add(readNode(r, i, pool)));
        return new SlurmAnswer<>(nodes, meta, List.of());
    }

    private static SlurmNode readNode(SlurmJsonReader r, int index, RecordPool pool)
            throws IOException, BadAnswerException {
        String name = null;
        NodeState state = null;
        List<String> partitions = List.of();
        List<String> features = List.of();
        int cpus = 0;
        int allocCpus = 0;
        long realMemory = 0;
        long allocMemory = 0;
        Gres gres = Gres.NONE;
        Gres gresUsed = Gres.NONE;
        String reason = "";
        String reasonSetBy = "";
        long reasonChangedAt = 0;
        long lastBusy = 0;
        long slurmdStarted = 0;
        String comment = "";
        while (r.next() == JsonToken.FIELD_NAME) {
            String field = r.name();
            r.next();
            switch (field) {
                case "name" -> name = r.string();
                case "state" -> state = state(r);
                case "partitions" -> partitions = pool.list(r.strings());
                case "features" -> features = pool.list(r.strings());
                case "cpus" -> cpus = r.count(0);
                case "alloc_cpus" -> allocCpus = r.count(0);
                case "real_memory" -> realMemory = r.quantity(0);
                case "alloc_memory" -> allocMemory = r.quantity(0);
                case "gres" -> gres = nodeGres(r, pool);
                case "gres_used" -> gresUsed = nodeGres(r, pool);
                case "reason" -> reason = r.string();
                case "reason_set_by_user" -> reasonSetBy = r.string();
                case "reason_changed_at" -> reasonChangedAt = r.quantity(0);
                case "last_busy" -> lastBusy = r.quantity(0);
                case "slurmd_start_time" -> slurmdStarted = r.quantity(0);
                case "comment" -> comment = r.string();
                default -> r.skip();
            }
        }
        String at = "/nodes/" + index;
        if (name == null || name.isEmpty()) {
            throw new BadAnswerException(at + "/name", "missing");
        }
        if (state == null) {
            throw new BadAnswerException(at + "/state", "missing (node " + name + ")");
        }
        return new SlurmNode(name, state, partitions, features, cpus, allocCpus, realMemory, allocMemory, gres,
                gresUsed, reason, reasonSetBy, reasonChangedAt, lastBusy, comment, slurmdStarted);
    }

    /** {@code ["IDLE","DRAIN","DYNAMIC_NORM"]}: exactly one base state (UNKNOWN when Slurm lists none), the rest flags. */
    static NodeState state(SlurmJsonReader r) throws IOException, BadAnswerException {
        List<String> entries = r.strings();
        String base = null;
        Set<String> flags = new HashSet<>();
        for (String s : entries) {
            if (base == null && BASE_STATES.contains(s)) {
                base = s;
            } else {
                flags.add(s);
            }
        }
        return new NodeState(base == null ? "UNKNOWN" : base, flags);
    }

    private static Gres nodeGres(SlurmJsonReader r, RecordPool pool) throws IOException, BadAnswerException {
        String spec = r.string();
        try {
            return pool.nodeGres(spec);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw r.bad("unreadable GRES: " + e.getMessage());
        }
    }
}
