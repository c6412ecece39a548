package io.skaler.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A Prometheus text exposition read back into samples, to assert series as Prometheus (and the alerts) see them. */
final class Scrape {
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    Scrape(String exposition) {
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int end = brace >= 0 ? line.lastIndexOf('}') : line.indexOf(' ');
            String name = line.substring(0, brace >= 0 ? brace : end);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                var m = LABEL.matcher(line.substring(brace + 1, end));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            }
            String rest = line.substring(end + 1).trim().split(" ")[0];
            samples.add(new Sample(name, labels, Double.parseDouble(rest)));
        }
    }

    /** The one sample of {@code name} whose labels include {@code labels} (key, value, key, value, ...). */
    OptionalDouble value(String name, String... labels) {
        List<Sample> found = matching(name, labels);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + " match " + List.of(labels) + ": " + found);
        }
        return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
    }

    List<Sample> matching(String name, String... labels) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            boolean ok = s.name().equals(name);
            for (int i = 0; ok && i + 1 < labels.length; i += 2) {
                ok = labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (ok) {
                out.add(s);
            }
        }
        return out;
    }

    Set<String> names() {
        Set<String> out = new TreeSet<>();
        samples.forEach(s -> out.add(s.name()));
        return out;
    }
}
