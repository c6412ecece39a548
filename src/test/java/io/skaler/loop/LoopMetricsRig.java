package io.skaler.loop;

import io.skaler.metrics.Labels;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.skaler.kube.ExecutorSettings;
import io.skaler.kube.KubeNames;
import io.skaler.kube.KubeResources;
import io.skaler.kube.KubeViewSettings;
import io.skaler.model.Eligibility;
import io.skaler.model.Gres;
import io.skaler.model.MemoryRequest;
import io.skaler.model.NodeState;
import io.skaler.model.PendingJob;
import io.skaler.model.SlurmNode;
import io.skaler.model.SlurmPartition;
import io.skaler.model.SlurmSnapshot;
import io.skaler.slurm.SlurmClientSettings;
import io.skaler.slurm.SlurmMetricsReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real {@link Autoscaler} (informers, planner, executor, reporter, cross-check) on the fabric8 mock API server,
 * with an in-process Slurm source the test sets, a local HTTP server serving Slurm's OpenMetrics exposition, and
 * one test time for the domain and the meter registry. Cycles run only through {@link #cycle()}.
 */
final class LoopMetricsRig implements AutoCloseable {
    static final String NS = ClosedLoopKube.NS;

    final TestTime time;
    final PrometheusMeterRegistry registry;
    final ClosedLoopKube kube;
    final Autoscaler autoscaler;
    private final HttpServer exporter;
    private volatile String exposition = "";
    private volatile Observation<SlurmSnapshot> slurm;

    LoopMetricsRig(Instant start, String firstNodeSet, String policy) throws IOException {
        time = new TestTime(start);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new CollectorRegistry(), time.meterClock());
        kube = new ClosedLoopKube(firstNodeSet, policy);
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", ex -> {
            byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        exporter.start();
        URI metricsUrl = URI.create("http://127.0.0.1:" + exporter.getAddress().getPort() + "/metrics");
        var source = new SlurmSource() {
            @Override
            public Observation<SlurmSnapshot> read() {
                return slurm;
            }

            @Override
            public Change changedSinceLastRead() {
                return Change.UNCHANGED;
            }
        };
        slurm = Observation.unavailable(Labels.Source.SLURM, "not set yet");
        var settings = new Autoscaler.Settings(
                new KubeViewSettings(NS, "v1beta1", NS, ClosedLoopKube.POLICY_CONFIGMAP, Map.of()),
                new ExecutorSettings(false, 4, Duration.ofMillis(100), Duration.ofSeconds(1), 50, 50, -1000,
                        Duration.ofMinutes(10), "skaler-closed-loop-0"),
                LoopSettings.defaults(), Optional.empty());
        autoscaler = new Autoscaler(kube.skalerClient(), source,
                Optional.of(new SlurmMetricsReader(metricsUrl, SlurmClientSettings.of(metricsUrl), registry)),
                settings, registry, time.clock(), () -> time.meterClock().monotonicTime()); // cycles take no test time
    }

    void start() {
        autoscaler.startObserving();
    }

    CycleOutcome cycle() {
        return autoscaler.runOnce();
    }

    Scrape scrape() {
        return new Scrape(registry.scrape());
    }

    void slurm(List<PendingJob> jobs, List<SlurmNode> nodes, List<SlurmPartition> partitions) {
        slurm = Observation.fresh(new SlurmSnapshot(jobs, nodes, partitions, "v0.0.42", time.now()), time.now());
    }

    void slurmUnreachable(String why) {
        slurm = Observation.unavailable(Labels.Source.SLURM, why);
    }

    void exposition(String text) {
        exposition = text;
    }

    // ---- Kubernetes objects

    void nodeSet(String name, String controller, int replicas, Map<String, String> annotations) {
        var r = new GenericKubernetesResource();
        r.setApiVersion("slinky.slurm.net/v1beta1");
        r.setKind("NodeSet");
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withAnnotations(annotations).build());
        r.setAdditionalProperties(new LinkedHashMap<>(Map.of("spec",
                Map.of("controllerRef", Map.of("name", controller), "replicas", replicas))));
        kube.admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1")).inNamespace(NS).resource(r).create();
    }

    void nodePool(String name, String consolidationPolicy) {
        var r = new GenericKubernetesResource();
        r.setApiVersion("karpenter.sh/v1");
        r.setKind("NodePool");
        r.setMetadata(new ObjectMetaBuilder().withName(name).build());
        r.setAdditionalProperties(new LinkedHashMap<>(Map.of("spec", Map.of(
                "limits", Map.of("cpu", "1000"),
                "disruption", Map.of("consolidationPolicy", consolidationPolicy),
                "template", Map.of("spec", Map.of("nodeClassRef",
                        Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default")))))));
        kube.admin.genericKubernetesResources(KubeResources.NODEPOOLS).resource(r).create();
    }

    /** A Ready slurmd pod of {@code nodeSet}, registered in Slurm as {@code name}. */
    void pod(String nodeSet, String name) {
        kube.admin.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(KubeNames.POD_HOSTNAME, name)
                .addNewOwnerReference().withApiVersion("slinky.slurm.net/v1beta1").withKind("NodeSet")
                .withName(nodeSet).withUid("uid-" + nodeSet).withController(true).endOwnerReference()
                .withCreationTimestamp(time.now().toString())
                .endMetadata()
                .withNewSpec().withHostname(name).withNodeName("k8s-" + name)
                .addNewContainer().withName("slurmd").withImage("slurmd").endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
    }

    // ---- Slurm records

    static PendingJob job(long id, String partition, Gres perNode) {
        return new PendingJob(id, List.of(partition), 1, 0, 1, 1, 1, 0, MemoryRequest.UNSPECIFIED, perNode,
                Gres.NONE, Gres.NONE, Gres.NONE, "", false, 1, 0, 0, 100, 1_700_000_000L, 0, "Resources", "",
                Eligibility.demand("Resources"));
    }

    /** A job held by its user: pending in Slurm, but no node would let it run. */
    static PendingJob heldJob(long id, String partition) {
        return new PendingJob(id, List.of(partition), 1, 0, 1, 1, 1, 0, MemoryRequest.UNSPECIFIED, Gres.NONE,
                Gres.NONE, Gres.NONE, Gres.NONE, "", false, 1, 0, 0, 0, 1_700_000_000L, 0, "JobHeldUser", "",
                Eligibility.blocked("JobHeldUser"));
    }

    static SlurmNode node(String name, String partition, String state, int cpus, Gres gres, Instant lastBusy) {
        boolean busy = !state.equals("IDLE");
        return new SlurmNode(name, new NodeState(state, Set.of("DYNAMIC_NORM")), List.of(partition), List.of(), cpus,
                busy ? cpus : 0, 100_000, busy ? 100_000 : 0, gres, busy ? gres : Gres.NONE, "", "", 0,
                lastBusy.getEpochSecond(), "");
    }

    static SlurmPartition partition(String name) {
        return new SlurmPartition(name, List.of(name), "", 2, 0, 0, List.of("UP"));
    }

    @Override
    public void close() {
        exporter.stop(0);
        autoscaler.close();
        kube.close();
    }
}
