package io.skaler.slurm;

import io.skaler.model.Reservation;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Streams a {@code GET /slurm/v0.0.4x/reservations} answer (v0.0.40 to v0.0.45: the fields read have one shape in
 * all) into {@link Reservation}s. {@code start_time}/{@code end_time} are number wrappers; {@code node_list} is a
 * hostlist expression ({@code gpu-h100-[0-3]}), expanded; {@code users} and {@code accounts} are comma-separated
 * strings; {@code flags} an array. A reservation without a name or a start time is a broken answer.
 */
public final class ReservationsParser {
    /** More reserved nodes than this in one reservation is a broken answer, not a cluster. */
    static final int MAX_NODES = 100_000;

    private final AnswerReader reader;

    public ReservationsParser(ParseLimits limits) {
        this.reader = new AnswerReader(limits);
    }

    public ReservationsParser() {
        this(ParseLimits.DEFAULT);
    }

    public SlurmAnswer<Reservation> parse(InputStream body) throws IOException, BadAnswerException {
        List<Reservation> out = new ArrayList<>();
        AnswerMeta meta = reader.read(body, "reservations", (r, i) -> out.add(readReservation(r, i)));
        return new SlurmAnswer<>(out, meta, List.of());
    }

    public SlurmAnswer<Reservation> parse(byte[] body) throws BadAnswerException {
        List<Reservation> out = new ArrayList<>();
        AnswerMeta meta = reader.read(body, "reservations", (r, i) -> out.add(readReservation(r, i)));
        return new SlurmAnswer<>(out, meta, List.of());
    }

    private static Reservation readReservation(SlurmJsonReader r, int index) throws IOException, BadAnswerException {
        String at = "/reservations/" + index;
        String name = "";
        long start = -1;
        long end = 0;
        String nodeList = "";
        int nodeCount = 0;
        String partition = "";
        List<String> users = List.of();
        List<String> accounts = List.of();
        Set<String> flags = new HashSet<>();
        while (r.next() == JsonToken.FIELD_NAME) {
            String field = r.name();
            r.next();
            switch (field) {
                case "name" -> name = r.string();
                case "start_time" -> start = r.quantity(-1);
                case "end_time" -> end = r.quantity(0);
                case "node_list" -> nodeList = r.string();
                case "node_count" -> nodeCount = r.count(0);
                case "partition" -> partition = r.string();
                case "users" -> users = r.strings();
                case "accounts" -> accounts = r.strings();
                case "flags" -> flags.addAll(r.strings());
                default -> r.skip();
            }
        }
        if (name.isEmpty()) {
            throw new BadAnswerException(at + "/name", "missing");
        }
        if (start < 0) {
            throw new BadAnswerException(at + "/start_time", "missing (reservation " + name + ")");
        }
        List<String> nodes;
        try {
            nodes = nodeList.isEmpty() ? List.of() : Hostlist.expand(nodeList, MAX_NODES);
        } catch (IllegalArgumentException e) {
            throw new BadAnswerException(at + "/node_list", "unreadable hostlist: " + e.getMessage(), e);
        }
        return new Reservation(name, start, end, nodes, nodeCount, partition, users, accounts, flags);
    }
}
