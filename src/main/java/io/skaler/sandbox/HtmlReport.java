package io.skaler.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * A self-contained HTML page for a sandbox run: the summary, and inline SVG charts of nodes needed vs provisioned vs
 * busy over time (all NodeSets, then each one). No scripts, no fonts, no network.
 */
final class HtmlReport {
    private static final int W = 900;
    private static final int H = 260;
    private static final int PAD = 40;

    private HtmlReport() {
    }

    static String render(SandboxSummary s, List<Sample> samples) {
        var sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>skaler sandbox: ")
                .append(esc(s.autoscaler())).append("</title><style>body{font-family:sans-serif;margin:2em;}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                        + ".needed{stroke:#d62728}.provisioned{stroke:#1f77b4}.busy{stroke:#2ca02c}"
                        + "polyline{fill:none;stroke-width:1.5}</style></head><body>");
        sb.append("<h1>skaler sandbox — ").append(esc(s.autoscaler())).append("</h1><table>");
        row(sb, "jobs run", Long.toString(s.jobsRun()));
        row(sb, "jobs killed by scale-in", Long.toString(s.jobsKilled()));
        row(sb, "mean / p95 wait (s)", s.meanWaitSeconds() + " / " + s.p95WaitSeconds());
        row(sb, "submit-to-scale, until replicas reach the need at submission: p50 / p99 (s, " + s.latencyClock()
                + " clock)", s.submitToScaleP50Seconds() + " / " + s.submitToScaleP99Seconds());
        row(sb, "submit-to-scale jobs timed / never answered", s.submitToScaleJobs() + " / "
                + s.submitToScaleUnanswered());
        row(sb, "first scale-up after submission, however small: p50 / p99 (s, " + s.latencyClock() + " clock)",
                s.firstScaleUpP50Seconds() + " / " + s.firstScaleUpP99Seconds());
        row(sb, "reaction per scale-up p50 / p99 (s)", s.reactionP50Seconds() + " / " + s.reactionP99Seconds());
        row(sb, "first-scale-up jobs timed / scale-ups", s.firstScaleUpJobs() + " / " + s.scaleUps());
        row(sb, "GPU-node hours provisioned / busy", s.gpuNodeHoursProvisioned() + " / " + s.gpuNodeHoursBusy());
        row(sb, "node-hours over / under need", s.overProvisionedNodeHours() + " / " + s.underProvisionedNodeHours());
        row(sb, "--begin / afterok / reservation jobs run / wait at eligibility p50 / p95 (s)", s.waitAtEligibilityJobs() + " / "
                + s.waitAtEligibilityP50Seconds() + " / " + s.waitAtEligibilityP95Seconds());
        row(sb, "wait at eligibility by kind: jobs: p50/p95 (s)", s.waitAtEligibilityByKindText());
        row(sb, "node-hours idle ahead of --begin / afterok / reservation jobs", Double.toString(s.idleAheadNodeHours()));
        row(sb, "capacity failures", Long.toString(s.capacityFailures()));
        row(sb, "virtual hours", Double.toString(s.virtualHours()));
        sb.append("</table><p><span style=\"color:#d62728\">needed</span> · "
                + "<span style=\"color:#1f77b4\">provisioned</span> · "
                + "<span style=\"color:#2ca02c\">busy</span> (nodes)</p>");
        sb.append("<h2>All NodeSets</h2>");
        chart(sb, samples, null);
        var names = new TreeSet<String>();
        samples.forEach(x -> names.addAll(x.nodeSets().keySet()));
        for (String n : names) {
            sb.append("<h2>").append(esc(n)).append("</h2>");
            chart(sb, samples, n);
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void chart(StringBuilder sb, List<Sample> samples, String nodeSet) {
        sb.append("<svg width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\">");
        if (samples.size() < 2) {
            sb.append("<text x=\"10\" y=\"20\">no samples</text></svg>");
            return;
        }
        long t0 = samples.get(0).epochSecond();
        long t1 = samples.get(samples.size() - 1).epochSecond();
        int max = 1;
        for (var s : samples) {
            max = Math.max(max, Math.max(value(s, nodeSet, Sample.Counts::neededNodes),
                    value(s, nodeSet, Sample.Counts::provisionedNodes)));
        }
        sb.append("<line x1=\"").append(PAD).append("\" y1=\"").append(H - PAD).append("\" x2=\"").append(W - 10)
                .append("\" y2=\"").append(H - PAD).append("\" stroke=\"#999\"/>");
        sb.append("<line x1=\"").append(PAD).append("\" y1=\"10\" x2=\"").append(PAD).append("\" y2=\"")
                .append(H - PAD).append("\" stroke=\"#999\"/>");
        sb.append("<text x=\"4\" y=\"18\" font-size=\"11\">").append(max).append("</text>");
        sb.append("<text x=\"").append(W - 90).append("\" y=\"").append(H - 20).append("\" font-size=\"11\">")
                .append(String.format(Locale.ROOT, "%.1f h", (t1 - t0) / 3600.0)).append("</text>");
        line(sb, samples, nodeSet, Sample.Counts::neededNodes, "needed", t0, t1, max);
        line(sb, samples, nodeSet, Sample.Counts::provisionedNodes, "provisioned", t0, t1, max);
        line(sb, samples, nodeSet, Sample.Counts::busyNodes, "busy", t0, t1, max);
        sb.append("</svg>");
    }

    private static void line(StringBuilder sb, List<Sample> samples, String nodeSet, ToIntFunction<Sample.Counts> f,
            String cls, long t0, long t1, int max) {
        sb.append("<polyline class=\"").append(cls).append("\" points=\"");
        double span = Math.max(1, t1 - t0);
        for (var s : samples) {
            double x = PAD + (W - PAD - 10) * (s.epochSecond() - t0) / span;
            double y = (H - PAD) - (H - PAD - 10) * value(s, nodeSet, f) / (double) max;
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        sb.append("\"/>");
    }

    private static int value(Sample s, String nodeSet, ToIntFunction<Sample.Counts> f) {
        if (nodeSet == null) {
            return s.total(f);
        }
        var c = s.nodeSets().get(nodeSet);
        return c == null ? 0 : f.applyAsInt(c);
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
