package io.skaler.api;

import io.skaler.sandbox.HistoryReplay;
import io.skaler.sandbox.HistorySource;
import io.skaler.sandbox.ReplayComparison;
import io.skaler.sandbox.SandboxNodeSet;
import io.skaler.sandbox.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code skaler sandbox --history FILE}: the user's job history replayed under skaler, the documented KEDA set-up
 * and a static cluster, in virtual time ({@link HistoryReplay}); prints the three-way table and writes the report.
 */
final class SandboxHistory {
    private SandboxHistory() {
    }

    /** @param speed empty: as fast as the machine goes */
    static int run(Path history, Optional<String> from, Optional<String> to, Optional<String> staticSpec,
            Optional<Double> speed, Scenario scenario, String policyText, Path html, HistorySource source,
            PrintStream out) throws IOException, BadInputException {
        var window = new Instant[] {from.isPresent() ? instant("--from", from.get()) : null,
            to.isPresent() ? instant("--to", to.get()) : null};
        if (window[0] != null && window[1] != null && !window[0].isBefore(window[1])) {
            throw new BadInputException("sandbox", "--to", "must be after --from (" + from.get() + ")");
        }
        var sizes = staticSpec.isPresent() ? staticSizes(staticSpec.get(), scenario) : Map.<String, Integer>of();
        if (speed.isPresent() && !(speed.get() > 0)) {
            throw new BadInputException("sandbox", "--speed", "must be > 0, got " + speed.get());
        }
        var jobs = readHistory(history, source);
        var options = HistoryReplay.Options.defaults()
                .window(Optional.ofNullable(window[0]), Optional.ofNullable(window[1]))
                .withStatic(sizes).withSpeed(speed.orElse(0.0));
        ReplayComparison comparison;
        try {
            comparison = new HistoryReplay(scenario, policyText, options, out).run(jobs);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(history.toString(), "", e.getMessage());
        }
        out.println();
        out.print(comparison.render());
        comparison.writeHtml(html);
        out.println("HTML report: " + html.toAbsolutePath());
        return 0;
    }

    private static java.util.List<io.skaler.sandbox.HistoryJob> readHistory(Path file, HistorySource source)
            throws IOException, BadInputException {
        try {
            return source.read(file);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), "", e.getMessage());
        }
    }

    /** {@code 2026-11-01T00:00:00Z}, or a date (its midnight UTC). */
    static Instant instant(String option, String text) throws BadInputException {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException("sandbox", option, "not a UTC time like 2026-11-01T00:00:00Z or a date like "
                    + "2026-11-01: '" + text + "'");
        }
    }

    /** {@code N} for every NodeSet, or {@code nodeset=N,...} (NodeSets not named: the peak the history needed). */
    static Map<String, Integer> staticSizes(String spec, Scenario scenario) throws BadInputException {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        if (spec.matches("\\d+")) {
            for (var ns : scenario.nodeSets()) {
                sizes.put(ns.name(), Integer.parseInt(spec));
            }
            return sizes;
        }
        var known = scenario.nodeSets().stream().map(SandboxNodeSet::name).toList();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? "" : part.substring(0, eq).trim();
            String count = eq < 0 ? "" : part.substring(eq + 1).trim();
            if (name.isEmpty() || !count.matches("\\d+")) {
                throw new BadInputException("sandbox", "--static", "'" + part + "' is not N or nodeset=N");
            }
            if (!known.contains(name)) {
                throw new BadInputException("sandbox", "--static", "no NodeSet " + name + " in the cluster (" + known
                        + ")");
            }
            sizes.put(name, Integer.parseInt(count));
        }
        return sizes;
    }
}
