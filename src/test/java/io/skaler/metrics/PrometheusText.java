package io.skaler.metrics;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the Prometheus text exposition back into sample name -> label keys, to check the names users see. */
final class PrometheusText {
    private static final Pattern LABEL_KEY = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private PrometheusText() {
    }

    static Map<String, Set<String>> familiesWithLabelKeys(String exposition) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> keys = out.computeIfAbsent(name, n -> new TreeSet<>());
            if (brace >= 0 && brace < space) {
                var m = LABEL_KEY.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return out;
    }
}
