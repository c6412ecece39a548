package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The history report's structure, read back with an XML parser (the page is well-formed): one timeline per NodeSet
 * with a labelled time axis, demand and the three capacities, skaler's decisions with their reasons as SVG titles; the
 * wait distribution per partition; the cost table with the hand-checked figures of {@link HistoryReplayTest}.
 */
class ReplayHtmlTest {
    static String html;
    static Document doc;

    @BeforeAll
    static void render() throws Exception {
        html = ReplayHtml.render(HistoryReplayTest.replay(HistoryReplay.Options.defaults()));
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> all(Element in, String tag, String cls) {
        NodeList list = in.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            var e = (Element) list.item(i);
            if (cls == null || List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static List<String> texts(List<Element> elements) {
        return elements.stream().map(e -> e.getTextContent().trim()).toList();
    }

    @Test
    void oneTimelinePerNodeSetWithLabelledAxesDemandAndTheThreeCapacities() {
        var timelines = all(doc.getDocumentElement(), "svg", "timeline");
        assertThat(timelines).extracting(e -> e.getAttribute("data-nodeset")).containsExactly("gpu", "cpu");
        for (var svg : timelines) {
            assertThat(texts(all(svg, "text", "axis-label"))).containsExactly("time (UTC)", "nodes");
            // the run starts 2026-03-01 00:00 UTC; seven ticks over the longest replay
            var ticks = texts(all(svg, "text", "x"));
            assertThat(ticks).hasSize(7).first().isEqualTo("03-01 00:00");
            assertThat(ticks).allMatch(t -> t.matches("\\d\\d-\\d\\d \\d\\d:\\d\\d"));
            assertThat(all(svg, "polyline", "demand")).hasSize(1);
            assertThat(all(svg, "polyline", "capacity")).extracting(e -> e.getAttribute("data-autoscaler"))
                    .containsExactly("skaler", "keda", "static");
            for (var line : all(svg, "polyline", null)) {
                assertThat(line.getAttribute("points").trim().split(" ")).hasSizeGreaterThan(50);
            }
        }
    }

    @Test
    void skalersDecisionsAreMarkedWithTheirReasonsOnHover() {
        var gpu = all(doc.getDocumentElement(), "svg", "timeline").get(0);
        var titles = texts(all(gpu, "circle", "decision").stream()
                .map(c -> (Element) c.getElementsByTagName("title").item(0)).toList());
        assertThat(titles).hasSize(3);
        assertThat(titles.get(0)).startsWith("03-01 00:00 UTC gpu 0 -> 2: 2 pending job(s) in 1 class(es)");
        assertThat(titles.get(1)).startsWith("03-01 00:41 UTC gpu 2 -> 1: no pending demand placed here")
                .contains("idle for >= 10m");
        assertThat(titles.get(2)).startsWith("03-01 01:11 UTC gpu 1 -> 0");
    }

    @Test
    void waitDistributionPerPartitionForEachReplay() {
        var waits = all(doc.getDocumentElement(), "svg", "waits");
        assertThat(waits).extracting(e -> e.getAttribute("data-partition")).containsExactly("cpu", "gpu");
        var gpuBars = all(waits.get(1), "rect", "wait-bar");
        assertThat(gpuBars).hasSize(3 * ReplayHtml.BUCKETS.length);
        var keda = texts(gpuBars.stream().filter(b -> b.getAttribute("data-autoscaler").equals("keda"))
                .map(b -> (Element) b.getElementsByTagName("title").item(0)).toList());
        // KEDA: g1 waited 79 s (1-5m), g2 3679 s (1-4h)
        assertThat(keda).contains("keda: 1 of 2 started jobs (50.0 %) waited 1-5m",
                "keda: 1 of 2 started jobs (50.0 %) waited 1-4h", "keda: 0 of 2 started jobs (0.0 %) waited < 1m");
        assertThat(texts(all(waits.get(1), "text", "axis-label"))).containsExactly("wait before start",
                "share of started jobs");
    }

    @Test
    void theCostTableHasOneRowPerReplayWithTheHandCheckedFigures() {
        var table = (Element) all(doc.getDocumentElement(), "table", null).stream()
                .filter(t -> t.getAttribute("id").equals("cost")).findFirst().orElseThrow();
        assertThat(texts(all(table, "th", null))).containsExactly("autoscaler", "GPU-node-hours provisioned", "busy",
                "idle", "jobs that never ran", "wait p50 / p95 cpu", "wait p50 / p95 gpu");
        var rows = all((Element) table.getElementsByTagName("tbody").item(0), "tr", null);
        assertThat(rows).extracting(r -> texts(all(r, "td", null))).containsExactly(
                List.of("skaler", "1.9", "1.5", "0.4", "1", "1m00s / 1m00s", "1m00s / 1m00s"),
                List.of("keda", "1.5", "1.5", "0.0", "1", "1m19s / 1m19s", "1m19s / 1h01m"),
                List.of("static", "3.0", "1.5", "1.5", "1", "0s / 1s", "1s / 1s"));
    }

    @Test
    void selfContainedNothingIsFetched() {
        assertThat(html).doesNotContain("<script", "src=", "href=", "url(", "@import");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
    }
}
