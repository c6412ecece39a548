package io.skaler.sandbox;

import static io.skaler.sandbox.ReplayHtml.BOTTOM;
import static io.skaler.sandbox.ReplayHtml.COLORS;
import static io.skaler.sandbox.ReplayHtml.H;
import static io.skaler.sandbox.ReplayHtml.LEFT;
import static io.skaler.sandbox.ReplayHtml.TOP;
import static io.skaler.sandbox.ReplayHtml.W;
import static io.skaler.sandbox.ReplayHtml.esc;

import java.util.Locale;

/** The SVG charts of {@link ReplayHtml}: a NodeSet's demand and capacity over time, a partition's waits. */
final class ReplayCharts {
    private ReplayCharts() {
    }

    static void timeline(StringBuilder sb, ReplayComparison c, String nodeSet) {
        long t0 = c.start().getEpochSecond();
        long t1 = end(c);
        int ymax = 1;
        for (var r : c.results()) {
            var st = r.stats();
            var s = st.series().get(nodeSet);
            for (int i = 0; s != null && i < st.samples() && st.sampleTime(i) <= t1; i++) {
                ymax = Math.max(ymax, Math.max(s.provisioned[i], r == c.results().get(0) ? s.needed[i] : 0));
            }
        }
        var frame = new Frame(t0, t1, ymax);
        sb.append("<svg class=\"timeline\" data-nodeset=\"").append(esc(nodeSet)).append("\" width=\"").append(W)
                .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        axes(sb, frame);
        var skaler = c.results().get(0).stats();
        line(sb, skaler, skaler.series().get(nodeSet), true, frame, "demand", "#d62728", "nodes needed");
        for (int i = 0; i < c.results().size(); i++) {
            var r = c.results().get(i);
            line(sb, r.stats(), r.stats().series().get(nodeSet), false, frame, "capacity", COLORS[i % COLORS.length],
                    r.name());
        }
        // the time axis over the lines, so a capacity of 0 does not hide it
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                LEFT, frame.y(0), W - 15, frame.y(0)));
        var decisions = skaler.decisions().stream().filter(d -> d.nodeSet().equals(nodeSet)).toList();
        int every = Math.max(1, (decisions.size() + ReplayHtml.MAX_MARKS - 1) / ReplayHtml.MAX_MARKS);
        for (int i = 0; i < decisions.size(); i += every) {
            var d = decisions.get(i);
            sb.append(String.format(Locale.ROOT, "<circle class=\"decision\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\">",
                    frame.x(d.epochSecond()), frame.y(d.to())));
            sb.append("<title>").append(ReplayHtml.tick(d.epochSecond())).append(" UTC ").append(esc(nodeSet))
                    .append(' ').append(d.from()).append(" -> ").append(d.to()).append(": ").append(esc(d.why()))
                    .append("</title></circle>");
        }
        sb.append("</svg>");
        if (every > 1) {
            sb.append("<p>").append(decisions.size()).append(" decisions; one in ").append(every).append(" marked.</p>");
        }
    }

    /** Names each replay that ran on past the charts' right edge (it gave up with jobs queued). */
    static void beyondTheEdge(StringBuilder sb, ReplayComparison c) {
        long t1 = end(c);
        for (var r : c.results()) {
            if (stuck(r) && r.endedAt().getEpochSecond() > t1) {
                sb.append("<p class=\"beyond\">").append(esc(r.name())).append(" ran on to ")
                        .append(ReplayHtml.tick(r.endedAt().getEpochSecond())).append(" UTC with ")
                        .append(r.neverRan() - r.rejected()).append(" jobs still queued (beyond the right edge).</p>");
            }
        }
    }

    /**
     * The time axis ends where the last replay that ran its queue dry ended: a replay that gave up with jobs still
     * queued (a day past the window) would otherwise leave most of every chart a flat line; it is named below it.
     */
    static long end(ReplayComparison c) {
        long drained = Long.MIN_VALUE;
        long any = c.start().getEpochSecond() + 60;
        for (var r : c.results()) {
            var st = r.stats();
            if (st.samples() > 0) {
                long last = st.sampleTime(st.samples() - 1);
                any = Math.max(any, last);
                drained = stuck(r) ? drained : Math.max(drained, last);
            }
        }
        return drained == Long.MIN_VALUE ? any : Math.max(drained, c.start().getEpochSecond() + 60);
    }

    /** A replay that ended with jobs still queued (it gave up). */
    static boolean stuck(ReplayResult r) {
        return r.neverRan() > r.rejected();
    }

    private record Frame(long t0, long t1, int ymax) {
        double x(long t) {
            return LEFT + (double) (t - t0) / (t1 - t0) * (W - LEFT - 15);
        }

        double y(double v) {
            return TOP + (H - TOP - BOTTOM) * (1 - v / ymax);
        }
    }

    private static void axes(StringBuilder sb, Frame f) {
        double bottom = f.y(0);
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\"/>",
                LEFT, TOP, LEFT, bottom));
        for (int i = 0; i <= 6; i++) {
            long t = f.t0() + (f.t1() - f.t0()) * i / 6;
            double x = f.x(t);
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"tick x\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, TOP, x,
                    bottom, x, bottom + 14, i == 6 ? "end" : "middle", ReplayHtml.tick(t))); // the last inside the svg
        }
        for (int v : new int[] {0, f.ymax() / 2, f.ymax()}) {
            sb.append(String.format(Locale.ROOT, "<text class=\"tick y\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d"
                    + "</text>", LEFT - 4, f.y(v) + 4, v));
        }
        sb.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                + "time (UTC)</text>", (LEFT + W) / 2, H - 4));
        sb.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"12\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\">nodes</text>", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2));
    }

    /** A series as a polyline of at most MAX_POINTS points, each the largest value of its stretch of samples. */
    private static void line(StringBuilder sb, ReplayStats st, ReplayStats.Series s, boolean needed, Frame f,
            String cls, String color, String label) {
        if (s == null || st.samples() == 0) {
            return;
        }
        int n = st.samples();
        int per = Math.max(1, (n + ReplayHtml.MAX_POINTS - 1) / ReplayHtml.MAX_POINTS);
        sb.append("<polyline class=\"").append(cls).append("\" data-autoscaler=\"").append(esc(label))
                .append("\" stroke=\"").append(color).append("\" points=\"");
        long last = st.sampleTime(0);
        if (needed) { // demand is an area: from the time axis up and back down to it
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(last), f.y(0)));
        }
        for (int i = 0; i < n && st.sampleTime(i) <= f.t1(); i += per) {
            int v = 0;
            for (int k = i; k < Math.min(n, i + per); k++) {
                v = Math.max(v, needed ? s.needed[k] : s.provisioned[k]);
            }
            last = st.sampleTime(i);
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(last), f.y(v)));
        }
        if (needed) {
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(last), f.y(0)));
        }
        sb.append("\"><title>").append(esc(label)).append("</title></polyline>");
    }

    static void waits(StringBuilder sb, ReplayComparison c, String partition) {
        int h = 200;
        int plotBottom = h - 30;
        int buckets = ReplayHtml.BUCKETS.length;
        int groups = c.results().size();
        double slot = (double) (W - LEFT - 15) / buckets;
        double bar = slot * 0.8 / groups;
        sb.append("<svg class=\"waits\" data-partition=\"").append(esc(partition)).append("\" width=\"").append(W)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(W).append(' ').append(h)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (int pct : new int[] {0, 50, 100}) { // the share scale, so bars can be read without hovering
            double y = plotBottom - pct / 100.0 * (plotBottom - TOP);
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                    + "<text class=\"tick y\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d %%</text>", LEFT, y, W - 15, y,
                    LEFT - 4, y + 4, pct));
        }
        for (int g = 0; g < groups; g++) {
            var r = c.results().get(g);
            long[] w = r.stats().waitsByPartition().getOrDefault(partition, new long[0]);
            int[] counts = new int[buckets];
            for (long v : w) {
                int b = 0;
                while (v >= ReplayHtml.BUCKETS[b]) {
                    b++;
                }
                counts[b]++;
            }
            for (int b = 0; b < buckets; b++) {
                double share = w.length == 0 ? 0 : (double) counts[b] / w.length;
                double height = share * (plotBottom - TOP);
                double x = LEFT + b * slot + slot * 0.1 + g * bar;
                sb.append(String.format(Locale.ROOT, "<rect class=\"wait-bar\" data-autoscaler=\"%s\" x=\"%.1f\" "
                        + "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d of %d started jobs "
                        + "(%.1f %%) waited %s</title></rect>", esc(r.name()), x, plotBottom - height, bar, height,
                        COLORS[g % COLORS.length], esc(r.name()), counts[b], w.length, share * 100,
                        esc(ReplayHtml.BUCKET_LABELS[b])));
            }
        }
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT,
                plotBottom, W - 15, plotBottom));
        for (int b = 0; b < buckets; b++) {
            sb.append(String.format(Locale.ROOT, "<text class=\"tick x\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
                    + "%s</text>", LEFT + (b + 0.5) * slot, plotBottom + 14, esc(ReplayHtml.BUCKET_LABELS[b])));
        }
        sb.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                + "wait before start</text>", (LEFT + W) / 2, h - 2));
        sb.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"12\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\">share of started jobs</text>", plotBottom / 2, plotBottom / 2));
        sb.append("</svg>");
    }
}
