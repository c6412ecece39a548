package io.skaler.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The three replays of one history side by side: per autoscaler, accelerator node-hours provisioned / busy / idle,
 * started jobs' wait p50 / p95 per partition (nearest rank), and jobs that never ran.
 */
public record ReplayComparison(Instant start, Instant end, int jobs, Map<String, Integer> staticSizes,
        List<ReplayResult> results) {

    /** One line of the cost table. */
    public record Row(String autoscaler, double gpuProvisioned, double gpuBusy, double gpuIdle, int neverRan,
            Map<String, long[]> waitP50P95) {
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (var r : results) {
            var waits = new java.util.TreeMap<String, long[]>();
            r.stats().waitsByPartition().forEach((p, w) -> waits.put(p, new long[] {
                ReplayStats.percentile(w, 0.5), ReplayStats.percentile(w, 0.95)}));
            rows.add(new Row(r.name(), r.gpuNodeHoursProvisioned(), r.gpuNodeHoursBusy(), r.gpuNodeHoursIdle(),
                    r.neverRan(), waits));
        }
        return rows;
    }

    /** Partitions any replay started a job in. */
    public List<String> partitions() {
        var all = new TreeSet<String>();
        results.forEach(r -> all.addAll(r.stats().waitsByPartition().keySet()));
        return List.copyOf(all);
    }

    /** The table as the command prints it. */
    public String render() {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "history: %d job(s), %s .. %s; static cluster %s%n", jobs, start, end,
                staticSizes));
        sb.append(String.format(Locale.ROOT, "%-8s %12s %10s %10s %10s", "", "GPU-node-h", "busy", "idle",
                "never ran"));
        for (String p : partitions()) {
            sb.append(String.format(Locale.ROOT, " %22s", "wait p50/p95 " + p));
        }
        sb.append('\n');
        for (var row : rows()) {
            sb.append(String.format(Locale.ROOT, "%-8s %12.1f %10.1f %10.1f %10d", row.autoscaler(),
                    row.gpuProvisioned(), row.gpuBusy(), row.gpuIdle(), row.neverRan()));
            for (String p : partitions()) {
                long[] w = row.waitP50P95().get(p);
                sb.append(String.format(Locale.ROOT, " %22s", w == null ? "-" : human(w[0]) + " / " + human(w[1])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Seconds as a person reads a wait: {@code 45s}, {@code 3m10s}, {@code 2h05m}, {@code 3d04h}. */
    static String human(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds / 60) % 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86400, (seconds / 3600) % 24);
    }

    /** Writes the HTML report ({@link ReplayHtml}). */
    public void writeHtml(java.nio.file.Path file) throws java.io.IOException {
        ReplayHtml.write(file, this);
    }
}
