package io.skaler.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.skaler.kube.DrainBlocker;
import io.skaler.kube.KubeMetrics;
import io.skaler.model.ObjectRef;
import io.skaler.slurm.ApiVersion;
import io.skaler.slurm.MetricsCrossCheck;
import io.skaler.slurm.PartitionPending;
import io.skaler.slurm.SlurmClient;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.TokenSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every meter producer of the service on one Prometheus registry, as in production: the kube executor's
 * {@link KubeMetrics}, the Slurm client and cross-check, and {@link SkalerMetrics} as the loop's reporter uses it.
 * Micrometer's Prometheus registry rejects a name registered with two label sets, so a producer that defines its own
 * meter again fails here; the scrape must then show every family of docs/metrics.md with exactly its labels.
 */
class OneRegistryTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(skaler_[a-z_]+)` \\| ([a-z ()`_,\\\\|]+?) \\| (.+?) \\|",
            Pattern.MULTILINE);
    private static final ObjectRef H100 = new ObjectRef("slurm", "gpu-h100");

    @Test
    void all_producers_share_one_registry_and_export_the_documented_labels() throws Exception {
        var prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        var kube = new KubeMetrics(prometheus);
        kube.write("NodeSet", "update-scale", "refused");
        kube.write("Pod", "patch", "failed");
        kube.retry("NodePool", "throttled");
        kube.scaleInHeld(H100, DrainBlocker.BUSY_NODES);
        kube.consolidationRisk("h100", true);
        kube.nodePoolProblem("h100", io.skaler.kube.KarpenterChecks.Problem.NODES_NEVER_REMOVED, true);
        kube.paused("NodeSet", "gpu-h100", true);

        slurmTraffic(prometheus);
        new MetricsCrossCheck(prometheus).check(new PartitionPending("slurm_partition_jobs_pending",
                Map.of("gpu", 3L)), Map.of("gpu", 2L));

        // what the loop's CycleReporter and the rest of the service record, on the same instance
        SkalerMetricsTest.exerciseEverything(SkalerMetrics.on(prometheus));

        Map<String, Set<String>> scraped = PrometheusText.familiesWithLabelKeys(prometheus.scrape());
        Map<String, Set<String>> documented = documented();
        assertThat(documented).hasSizeGreaterThan(25);
        documented.forEach((family, labels) -> {
            String sample = scraped.containsKey(family + "_count") ? family + "_count" : family;
            assertThat(scraped).as("exported " + family).containsKey(sample);
            assertThat(scraped.get(sample)).as("labels of " + family).isEqualTo(labels);
        });
        assertThat(prometheus.get("skaler.kube.writes").tag("kind", "nodeset_scale").tag("result", "refused").counter().count()).isEqualTo(1);
        assertThat(prometheus.get("skaler.slurmrestd.api.version").tag("version", "v0.0.42").gauge().value())
                .isEqualTo(1);
    }

    /** A tiny slurmrestd that answers every request with an empty, valid answer. */
    private static void slurmTraffic(PrometheusMeterRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "{\"meta\":{},\"errors\":[],\"warnings\":[],\"pings\":[]}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            var client = new SlurmClient(SlurmClientSettings.of(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort())).withPinnedVersion(ApiVersion.V0_0_42), TokenSource.none(), registry);
            client.jobs(in -> in.readAllBytes());
        } catch (Exception e) {
            throw new AssertionError("the fake slurmrestd should answer", e);
        } finally {
            server.stop(0);
        }
    }

    /** Family name -> label keys, from the tables of docs/metrics.md (values after {@code =} or in parentheses dropped). */
    static Map<String, Set<String>> documented() throws IOException {
        String doc = Files.readString(MetricsDocTest.projectDir().resolve("docs/metrics.md"));
        Map<String, Set<String>> out = new TreeMap<>();
        var rows = ROW.matcher(doc);
        while (rows.find()) {
            String type = rows.group(2);
            String family = rows.group(1) + (type.startsWith("counter") && !rows.group(1).endsWith("_total") ? "_total" : "");
            String labels = rows.group(3).replaceAll("\\([^)]*\\)", "").replaceAll("= `[^`]*`(\\\\\\|`[^`]*`)*", "");
            Set<String> keys = new TreeSet<>();
            var k = Pattern.compile("`([a-z_]+)`").matcher(labels);
            while (k.find()) {
                keys.add(k.group(1));
            }
            out.put(family, keys);
        }
        return out;
    }
}
