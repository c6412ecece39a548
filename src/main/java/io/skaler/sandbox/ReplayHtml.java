package io.skaler.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The report of a history replay: one self-contained HTML file (inline CSS and SVG, no script, no network). Per
 * NodeSet, demand (nodes needed, from the skaler replay) against the capacity each of the three provisioned over a
 * labelled UTC time axis, skaler's scale decisions marked on it with their reasons on hover (SVG {@code <title>});
 * per partition the wait distribution of each replay; and the three-way cost table.
 */
final class ReplayHtml {
    static final int W = 960;
    static final int H = 280;
    static final int LEFT = 50;
    static final int BOTTOM = 40;
    static final int TOP = 15;
    static final int MAX_POINTS = 1200;
    static final int MAX_MARKS = 2000;
    static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c"};
    /** Wait buckets' upper bounds in seconds (the last is open). */
    static final long[] BUCKETS = {60, 300, 900, 3600, 4 * 3600, Long.MAX_VALUE};
    static final String[] BUCKET_LABELS = {"< 1m", "1-5m", "5-15m", "15m-1h", "1-4h", "> 4h"};
    private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ReplayHtml() {
    }

    static void write(Path file, ReplayComparison c) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, render(c), StandardCharsets.UTF_8);
    }

    static String render(ReplayComparison c) {
        var sb = new StringBuilder(1 << 16);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><title>skaler history replay</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child"
                + "{text-align:left}polyline{fill:none;stroke-width:1.5}.demand{stroke:#d62728;stroke-width:2;fill:#d62728;fill-opacity:.2}"
                + ".axis{stroke:#444;shape-rendering:crispEdges}.grid{stroke:#eee;shape-rendering:crispEdges}text{font-size:11px}.decision{fill:#1f77b4;opacity:.6}"
                + "</style></head><body>");
        sb.append("<h1>What would have happened: your history, replayed</h1>");
        sb.append("<p>").append(c.jobs()).append(" jobs submitted from ").append(c.start()).append(" to ")
                .append(c.end()).append("; static cluster: ").append(esc(c.staticSizes().toString()))
                .append(" nodes per NodeSet.</p>");
        costTable(sb, c);
        sb.append("<h2>Demand and capacity over time</h2><p>Nodes needed (the <span style=\"color:#d62728\">red</span> area, "
                + "busy nodes plus pending work, in the skaler replay) against the nodes each replay provisioned");
        for (int i = 0; i < c.results().size(); i++) {
            sb.append(i == 0 ? ": " : ", ").append("<span style=\"color:").append(COLORS[i % COLORS.length])
                    .append("\">").append(esc(c.results().get(i).name())).append("</span>");
        }
        sb.append(". Dots mark skaler's scale decisions; hover one for its reasons.</p>");
        ReplayCharts.beyondTheEdge(sb, c);
        var skaler = c.results().get(0);
        for (String ns : skaler.stats().series().keySet()) {
            sb.append("<h3>").append(esc(ns)).append("</h3>");
            ReplayCharts.timeline(sb, c, ns);
        }
        sb.append("<h2>Wait before start, per partition</h2><p>Started jobs by how long they waited.</p>");
        for (String p : c.partitions()) {
            sb.append("<h3>").append(esc(p)).append("</h3>");
            ReplayCharts.waits(sb, c, p);
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void costTable(StringBuilder sb, ReplayComparison c) {
        sb.append("<h2>Cost and service</h2><table id=\"cost\"><thead><tr><th>autoscaler</th>"
                + "<th>GPU-node-hours provisioned</th><th>busy</th><th>idle</th><th>jobs that never ran</th>");
        for (String p : c.partitions()) {
            sb.append("<th>wait p50 / p95 ").append(esc(p)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (var row : c.rows()) {
            sb.append("<tr><td>").append(esc(row.autoscaler())).append("</td>");
            cell(sb, String.format(Locale.ROOT, "%.1f", row.gpuProvisioned()));
            cell(sb, String.format(Locale.ROOT, "%.1f", row.gpuBusy()));
            cell(sb, String.format(Locale.ROOT, "%.1f", row.gpuIdle()));
            cell(sb, Integer.toString(row.neverRan()));
            for (String p : c.partitions()) {
                long[] w = row.waitP50P95().get(p);
                cell(sb, w == null ? "-" : ReplayComparison.human(w[0]) + " / " + ReplayComparison.human(w[1]));
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
    }

    private static void cell(StringBuilder sb, String text) {
        sb.append("<td>").append(esc(text)).append("</td>");
    }

    static String tick(long epochSecond) {
        return TICK.format(Instant.ofEpochSecond(epochSecond));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
