package io.skaler.slurm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small strict reader of the Prometheus text exposition format (0.0.4) and the OpenMetrics 1.0 text format, as
 * served by Slurm 25.11's {@code /metrics/*} endpoints and by slurm-exporter. The Prometheus Java client only writes
 * these formats, so skaler reads them itself. Strict: anything malformed fails with the line number and the reason,
 * rather than being half-read; only what the caller asks for is kept.
 */
public final class OpenMetricsParser {

    /** One sample line: metric name, labels in written order, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        public String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    /** A malformed exposition; the message names the line and what was wrong. */
    public static final class FormatError extends Exception {
        public FormatError(int line, String reason) {
            super("metrics text, line " + line + ": " + reason);
        }
    }

    private static final int MAX_LINE = 64 * 1024;
    private static final String NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:";

    private OpenMetricsParser() {
    }

    /** Parses the whole exposition and keeps the samples whose metric name {@code wanted} accepts. */
    public static List<Sample> parse(InputStream in, Predicate<String> wanted) throws IOException, FormatError {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<Sample> out = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        boolean eof = false;
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            if (eof) {
                throw new FormatError(lineNo, "content after '# EOF'");
            }
            if (line.length() > MAX_LINE) {
                throw new FormatError(lineNo, "line longer than " + MAX_LINE + " characters");
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                eof = comment(line, lineNo, types);
                continue;
            }
            Sample s = sample(line, lineNo);
            if (wanted.test(s.name())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Checks HELP/TYPE/UNIT/EOF lines; other comments are allowed by the Prometheus format. Returns true on EOF. */
    private static boolean comment(String line, int lineNo, Map<String, String> types) throws FormatError {
        if (line.equals("# EOF")) {
            return true;
        }
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("#")) {
            return false;
        }
        switch (parts[1]) {
            case "TYPE" -> {
                requireName(parts[2], lineNo);
                String type = parts.length > 3 ? parts[3].trim() : "";
                if (!List.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset",
                        "gaugehistogram").contains(type)) {
                    throw new FormatError(lineNo, "unknown metric type '" + type + "' for " + parts[2]);
                }
                if (types.putIfAbsent(parts[2], type) != null) {
                    throw new FormatError(lineNo, "second TYPE line for " + parts[2]);
                }
            }
            case "HELP", "UNIT" -> requireName(parts[2], lineNo);
            default -> { }
        }
        return false;
    }

    private static Sample sample(String line, int lineNo) throws FormatError {
        int i = 0;
        int n = line.length();
        while (i < n && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new FormatError(lineNo, "expected a metric name at the start of '" + shorten(line) + "'");
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i = labels(line, i + 1, lineNo, labels);
        }
        if (i >= n || line.charAt(i) != ' ') {
            throw new FormatError(lineNo, "expected a space and a value after " + name);
        }
        String rest = line.substring(i + 1).trim();
        int exemplar = rest.indexOf(" # ");
        if (exemplar >= 0) {
            rest = rest.substring(0, exemplar).trim(); // OpenMetrics exemplar: not needed here
        }
        String[] fields = rest.split(" +");
        if (fields.length < 1 || fields.length > 2 || fields[0].isEmpty()) {
            throw new FormatError(lineNo, "expected 'value [timestamp]' after " + name + ", got '" + shorten(rest) + "'");
        }
        double value = number(fields[0], lineNo, name);
        if (fields.length == 2) {
            number(fields[1], lineNo, name + " timestamp");
        }
        return new Sample(name, labels, value);
    }

    /** Reads {@code a="x",b="y"} up to and including the closing brace; returns the index after it. */
    private static int labels(String line, int i, int lineNo, Map<String, String> labels) throws FormatError {
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < n && isNameChar(line.charAt(i), i == start) && line.charAt(i) != ':') {
                i++;
            }
            if (i == start || i + 1 >= n || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                throw new FormatError(lineNo, "malformed label at column " + (start + 1));
            }
            String key = line.substring(start, i);
            StringBuilder value = new StringBuilder();
            i += 2;
            while (true) {
                if (i >= n) {
                    throw new FormatError(lineNo, "unterminated value of label " + key);
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    char e = i < n ? line.charAt(i++) : ' ';
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new FormatError(lineNo, "bad escape '\\" + e + "' in label " + key);
                    }
                } else {
                    value.append(c);
                }
            }
            if (labels.put(key, value.toString()) != null) {
                throw new FormatError(lineNo, "label " + key + " given twice");
            }
            if (i < n && line.charAt(i) == ',') {
                i++;
            } else if (i >= n || line.charAt(i) != '}') {
                throw new FormatError(lineNo, "expected ',' or '}' after label " + key);
            }
        }
    }

    private static double number(String text, int lineNo, String what) throws FormatError {
        switch (text) {
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN" -> {
                return Double.NaN;
            }
            default -> { }
        }
        if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw new FormatError(lineNo, "'" + shorten(text) + "' is not a number (" + what + ")");
        }
        return Double.parseDouble(text);
    }

    private static void requireName(String name, int lineNo) throws FormatError {
        for (int k = 0; k < name.length(); k++) {
            if (!isNameChar(name.charAt(k), k == 0)) {
                throw new FormatError(lineNo, "'" + shorten(name) + "' is not a metric name");
            }
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return NAME_START.indexOf(c) >= 0 || (!first && c >= '0' && c <= '9');
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
