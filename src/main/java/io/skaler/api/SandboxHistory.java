package io.skaler.api;

import io.skaler.sandbox.History;
import io.skaler.sandbox.HistoryJob;
import io.skaler.sandbox.HistoryReplay;
import io.skaler.sandbox.HistorySource;
import io.skaler.sandbox.ReplayComparison;
import io.skaler.sandbox.SandboxNodeSet;
import io.skaler.sandbox.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
            PrintStream out, PrintWriter err) throws IOException, BadInputException {
        var window = new Instant[] {from.isPresent() ? instant("--from", from.get()) : null,
            to.isPresent() ? instant("--to", to.get()) : null};
        if (window[0] != null && window[1] != null && !window[0].isBefore(window[1])) {
            throw new BadInputException("sandbox", "--to", "must be after --from (" + from.get() + ")");
        }
        var sizes = staticSpec.isPresent() ? staticSizes(staticSpec.get(), scenario) : Map.<String, Integer>of();
        if (speed.isPresent() && !(speed.get() > 0)) {
            throw new BadInputException("sandbox", "--speed", "must be > 0, got " + speed.get());
        }
        var jobs = readHistory(history, source, Optional.ofNullable(window[0]), Optional.ofNullable(window[1]),
                scenario, err);
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

    /**
     * The jobs of {@code file} submitted within the window and in the cluster's partitions; each kind of record that
     * cannot be replayed is one line on stderr, {@code sandbox: history: <count> job records: <kind> ...}.
     */
    static List<HistoryJob> readHistory(Path file, HistorySource source, Optional<Instant> from,
            Optional<Instant> to, Scenario scenario, PrintWriter err) throws IOException, BadInputException {
        History history;
        try {
            history = source.read(file).window(from, to).inPartitions(partitions(scenario));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), "", e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file.toString(), "", "no such file");
        }
        history.problemLines().forEach(line -> err.println("sandbox: history: " + line));
        err.flush();
        return history.jobs();
    }

    /** The partitions the cluster's NodeSets join (the policy's, with --cluster/--policy). */
    static Set<String> partitions(Scenario scenario) {
        return scenario.nodeSets().stream().map(SandboxNodeSet::partition).collect(Collectors.toSet());
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
