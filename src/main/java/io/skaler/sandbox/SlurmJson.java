package io.skaler.sandbox;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** The pieces every slurmrestd v0.0.42 response shares: number wrappers, string arrays, the envelope's meta. */
final class SlurmJson {
    static final String VERSION = "v0.0.42";
    static final String RELEASE_MAJOR = "24";
    static final String RELEASE_MINOR = "11";
    static final String RELEASE_MICRO = "5";

    private SlurmJson() {
    }

    /** {@code {"set":true,"infinite":false,"number":n}}. */
    static void number(JsonGenerator g, String field, long n) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeBooleanField("set", true);
        g.writeBooleanField("infinite", false);
        g.writeNumberField("number", n);
        g.writeEndObject();
    }

    /** NO_VAL: {@code {"set":false,"infinite":false,"number":0}}. */
    static void unset(JsonGenerator g, String field) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeBooleanField("set", false);
        g.writeBooleanField("infinite", false);
        g.writeNumberField("number", 0);
        g.writeEndObject();
    }

    /** INFINITE: {@code {"set":false,"infinite":true,"number":0}}. */
    static void infinite(JsonGenerator g, String field) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeBooleanField("set", false);
        g.writeBooleanField("infinite", true);
        g.writeNumberField("number", 0);
        g.writeEndObject();
    }

    static void floatNumber(JsonGenerator g, String field, double n) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeBooleanField("set", true);
        g.writeBooleanField("infinite", false);
        g.writeNumberField("number", n);
        g.writeEndObject();
    }

    static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** The trailing {@code meta}, {@code errors} and {@code warnings} of every response. */
    static void envelope(JsonGenerator g, String cluster, List<String> errors, List<String> warnings)
            throws IOException {
        g.writeObjectFieldStart("meta");
        g.writeObjectFieldStart("plugin");
        g.writeStringField("type", "openapi/slurmctld");
        g.writeStringField("name", "Slurm OpenAPI slurmctld");
        g.writeStringField("data_parser", "data_parser/" + VERSION);
        g.writeStringField("accounting_storage", "");
        g.writeEndObject();
        g.writeObjectFieldStart("client");
        g.writeStringField("source", "[127.0.0.1]");
        g.writeStringField("user", "root"); // real-slurm.md pitfall 18: always root over TCP
        g.writeStringField("group", "root");
        g.writeEndObject();
        g.writeArrayFieldStart("command");
        g.writeEndArray();
        g.writeObjectFieldStart("slurm");
        g.writeObjectFieldStart("version");
        g.writeStringField("major", RELEASE_MAJOR);
        g.writeStringField("micro", RELEASE_MICRO);
        g.writeStringField("minor", RELEASE_MINOR);
        g.writeEndObject();
        g.writeStringField("release", RELEASE_MAJOR + "." + RELEASE_MINOR + "." + RELEASE_MICRO);
        g.writeStringField("cluster", cluster);
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("errors");
        for (String e : errors) {
            g.writeStartObject();
            g.writeStringField("description", e);
            g.writeNumberField("error_number", errorNumber(e));
            g.writeStringField("error", errorName(e));
            g.writeStringField("source", "sandbox");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("warnings");
        for (String w : warnings) {
            g.writeStartObject();
            g.writeStringField("description", w);
            g.writeStringField("source", "sandbox");
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    // The error numbers real Slurm uses for the failures the sandbox can produce (real-slurm.md §3.1).
    private static int errorNumber(String description) {
        if (description.startsWith("Unable to query JobId=")) {
            return 2017; // ESLURM_INVALID_JOB_ID, "Invalid job id specified"
        }
        if (description.startsWith("Invalid node name")) {
            return 2017;
        }
        if (description.startsWith("Invalid node state")) {
            return 2028;
        }
        if (description.startsWith("Protocol authentication error")) {
            return 1007;
        }
        if (description.startsWith("Unable to query")) {
            return 1900;
        }
        return 9000; // SLURM_ERROR-like catch-all for sandbox-specific refusals
    }

    private static String errorName(String description) {
        int colon = description.indexOf(':');
        return colon < 0 ? description : description.substring(0, colon);
    }

    /** Compresses {@code [gpu-h100-0, gpu-h100-1, gpu-h100-3]} into Slurm's hostlist {@code gpu-h100-[0-1,3]}. */
    static String hostlist(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        var byPrefix = new java.util.LinkedHashMap<String, java.util.TreeSet<Integer>>();
        var plain = new java.util.ArrayList<String>();
        for (String n : names) {
            int i = n.length();
            while (i > 0 && Character.isDigit(n.charAt(i - 1))) {
                i--;
            }
            if (i == n.length() || (n.length() - i > 1 && n.charAt(i) == '0')) {
                plain.add(n);
            } else {
                byPrefix.computeIfAbsent(n.substring(0, i), k -> new java.util.TreeSet<>())
                        .add(Integer.parseInt(n.substring(i)));
            }
        }
        var out = new java.util.ArrayList<>(plain);
        byPrefix.forEach((prefix, nums) -> {
            if (nums.size() == 1) {
                out.add(prefix + nums.first());
                return;
            }
            var sb = new StringBuilder(prefix).append('[');
            Integer start = null;
            Integer prev = null;
            for (int x : nums) {
                if (start == null) {
                    start = x;
                } else if (x != prev + 1) {
                    sb.append(start).append(start.equals(prev) ? "" : "-" + prev).append(',');
                    start = x;
                }
                prev = x;
            }
            sb.append(start).append(start.equals(prev) ? "" : "-" + prev).append(']');
            out.add(sb.toString());
        });
        return String.join(",", out);
    }

    /** Slurm's unit conversion in TRES strings: MB divisible by 1024 goes up a unit ({@code 2048000M} -> {@code 2000G}). */
    static String memory(long mb) {
        String[] units = {"M", "G", "T", "P"};
        int u = 0;
        long v = mb;
        while (v != 0 && v % 1024 == 0 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}
