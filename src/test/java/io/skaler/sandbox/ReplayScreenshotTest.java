package io.skaler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.skaler.testing.Tools;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history report as a browser draws it: {@code --html} of {@link HistoryReplayTest}'s five-job replay rendered by
 * Debian's {@code chromium-headless-shell} (from a file, no network) to a PNG, which is then read pixel by pixel: the
 * four charts' axes are where a person would see them, the page ends inside the window, and each chart has the
 * series' colours where its data is (a chart that failed to draw leaves its area white). Without the browser the test
 * skips, unless {@code -Dskaler.requireTools=true} (CI), where that is a failure.
 */
class ReplayScreenshotTest {
    static final int WIDTH = 1100;
    static final int HEIGHT = 2400;
    static final int RED = 0xd62728;
    /** The demand area: RED at 20 % over white. */
    static final int DEMAND_AREA = 0xf7d4d4;
    static final int BLUE = 0x1f77b4;
    static final int ORANGE = 0xff7f0e;
    static final int GREEN = 0x2ca02c;
    static final int AXIS = 0x444444;

    @TempDir
    Path dir;

    @Test
    void theReportDrawsItsChartsWithTheSeriesWhereTheDataIs() throws Exception {
        Path browser = Tools.find("chromium-headless-shell", "chromium-headless-shell");
        Path html = dir.resolve("report.html");
        Files.writeString(html, ReplayHtml.render(HistoryReplayTest.replay(HistoryReplay.Options.defaults())),
                StandardCharsets.UTF_8);
        BufferedImage png = screenshot(browser, html);
        assertThat(png.getWidth()).isEqualTo(WIDTH);
        assertThat(png.getHeight()).isEqualTo(HEIGHT);

        // the x axes: two timelines (NodeSets gpu, cpu), then two wait charts (partitions cpu, gpu), in page order
        List<Integer> axes = axisRows(png);
        assertThat(axes).hasSize(4);
        // the page fits: the last chart's axis label is drawn below its axis, and below that the page is empty
        int lastInk = lastRowWithInk(png);
        assertThat(lastInk).isBetween(axes.get(3) + 5, axes.get(3) + 60);
        assertThat(lastInk).as("the page ends inside the window").isLessThan(HEIGHT - 200);

        // timeline gpu (ymax 2 over a 225 px plot; about 2 h over 895 px): demand (the red area) 2 nodes for the
        // first 30 minutes, 1 until g1 ends after an hour; skaler's (blue), KEDA's (orange) and the static (green)
        // capacity inside the same plot
        int gpuAxis = axes.get(0);
        int plotTop = gpuAxis - (ReplayHtml.H - ReplayHtml.TOP - ReplayHtml.BOTTOM);
        int left = chartLeft(png, gpuAxis);
        int plotHalf = (plotTop + gpuAxis) / 2;
        assertThat(count(png, DEMAND_AREA, left + 10, plotTop + 5, left + 150, plotHalf - 5)).as("demand 2 at first")
                .isGreaterThan(3000);
        assertThat(count(png, DEMAND_AREA, left + 300, plotHalf + 5, left + 400, gpuAxis - 5)).as("then 1")
                .isGreaterThan(3000);
        // (the anti-aliased edges of the orange line come near the area's colour: a few pixels, not an area)
        assertThat(count(png, DEMAND_AREA, left + 600, plotTop, left + 895, gpuAxis - 5)).as("then none")
                .isLessThan(300);
        assertThat(line(png, RED, left, plotTop - 2, left + 900, gpuAxis + 2)).isGreaterThan(50);
        for (int colour : new int[] {BLUE, ORANGE, GREEN}) {
            assertThat(line(png, colour, left, plotTop - 2, left + 900, gpuAxis + 2)).as("capacity %06x", colour)
                    .isGreaterThan(100);
        }
        assertThat(line(png, GREEN, left, plotTop - 2, left + 900, plotTop + 3)).as("static: 2 nodes all along")
                .isGreaterThan(550);
        // timeline cpu: demand up to 2 nodes, drawn in its plot
        int cpuAxis = axes.get(1);
        assertThat(count(png, DEMAND_AREA, left, cpuAxis - 230, left + 900, cpuAxis)).isGreaterThan(1000);
        // wait charts: a bar of each replay in each (every replay started jobs in both partitions)
        for (int axis : axes.subList(2, 4)) {
            for (int colour : new int[] {BLUE, ORANGE, GREEN}) {
                assertThat(count(png, colour, left, axis - 145, left + 900, axis)).as("bar %06x", colour)
                        .isGreaterThan(200);
            }
        }
    }

    private BufferedImage screenshot(Path browser, Path html) throws IOException, InterruptedException {
        Path png = dir.resolve("report.png");
        var command = List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=" + WIDTH + "," + HEIGHT, "--screenshot=" + png, html.toUri().toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("browser.log")
                .toFile()).start();
        // generous: a loaded 2-core machine; the time it takes is not what is tested
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("chromium-headless-shell did not finish in 5 minutes");
        }
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("browser.log"))).isZero();
        // kept for a person to look at: target/replay-report.png
        Files.copy(png, Path.of("target/replay-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return ImageIO.read(png.toFile());
    }

    /**
     * Rows with at least 800 px of the axis colour (the charts' 895 px x axes; a decision dot on an axis breaks it
     * up a little), adjacent ones once.
     */
    static List<Integer> axisRows(BufferedImage img) {
        List<Integer> rows = new ArrayList<>();
        for (int y = 0; y < img.getHeight(); y++) {
            int axis = count(img, AXIS, 0, y, img.getWidth(), y + 1);
            if (axis >= 800 && (rows.isEmpty() || rows.get(rows.size() - 1) < y - 3)) {
                rows.add(y);
            }
        }
        return rows;
    }

    /** The first x of the axis on row {@code y}. */
    static int chartLeft(BufferedImage img, int y) {
        for (int x = 0; x < img.getWidth(); x++) {
            if (near(img.getRGB(x, y), AXIS)) {
                return x;
            }
        }
        throw new AssertionError("no axis on row " + y);
    }

    static int lastRowWithInk(BufferedImage img) {
        for (int y = img.getHeight() - 1; y >= 0; y--) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    return y;
                }
            }
        }
        return -1;
    }

    /** Pixels of {@code colour} itself (areas, the crisp axes). */
    static int count(BufferedImage img, int colour, int x0, int y0, int x1, int y1) {
        return count(img, x0, y0, x1, y1, argb -> near(argb, colour));
    }

    /** Pixels a line of {@code colour} covers at least half of (a 1.5 px line is anti-aliased over two rows). */
    static int line(BufferedImage img, int colour, int x0, int y0, int x1, int y1) {
        return count(img, x0, y0, x1, y1, argb -> coverage(argb, colour) >= 0.5);
    }

    static int count(BufferedImage img, int x0, int y0, int x1, int y1, java.util.function.IntPredicate is) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                n += is.test(img.getRGB(x, y)) ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * How much of a pixel {@code colour} covers, when the pixel is that colour blended over white; -1 when it is not
     * (its channels disagree on the share).
     */
    static double coverage(int argb, int colour) {
        double share = -1;
        for (int shift = 0; shift <= 16; shift += 8) {
            int c = (colour >> shift) & 0xff;
            int p = (argb >> shift) & 0xff;
            if (255 - c < 40) {
                if (Math.abs(p - c) > 30) {
                    return -1;
                }
                continue;
            }
            double a = (255.0 - p) / (255 - c);
            if (share >= 0 && Math.abs(a - share) > 0.15) {
                return -1;
            }
            share = share < 0 ? a : Math.min(a, share);
        }
        return share;
    }

    /** Within a small distance per channel: anti-aliasing and colour management shift exact values a little. */
    static boolean near(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((argb >> shift) & 0xff) - ((rgb >> shift) & 0xff)) > 24) {
                return false;
            }
        }
        return true;
    }
}
