package io.skaler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * The fabric8 mock API server in CRUD mode (expectations first, so a test can inject a 409 or 422), with skaler's
 * CRDs loaded. Fixtures are written by an admin client; skaler's clients carry their own User-Agent so the log of
 * requests tells skaler's writes apart, in order, for the order, schema and RBAC checks.
 */
final class MockCluster implements AutoCloseable {
    static final String NS = "slurm";
    static final String SKALER_AGENT = "skaler-under-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    final KubernetesMockServer server;
    final KubernetesClient admin;
    private final List<KubernetesClient> clients = new ArrayList<>();
    /** A request of skaler's as the server received it, body included (read before the dispatcher consumes it). */
    record Seen(String method, String path, String body) {
    }

    private final List<Seen> log = new CopyOnWriteArrayList<>();
    /** Run after the server answered a matching request of skaler's: faults injected between two steps. */
    private record Hook(Predicate<Seen> when, Runnable then) {
    }

    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    /**
     * "group/plural" of CRDs not installed. The CRUD mock answers any path (an empty list for an unknown kind); a real
     * API server answers 404 until the CRD exists, and so does this one.
     */
    private final Set<String> notServed = ConcurrentHashMap.newKeySet();
    /** Namespaces where skaler's requests get 403, as from an API server whose RBAC grants skaler nothing there. */
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final SchemaCheck schemas = new SchemaCheck();

    MockCluster() throws IOException {
        this(Set.of());
    }

    /** @param withoutCrds CRD files (of {@link KubeResources#CRD_FILES}) not to install: a cluster missing them */
    MockCluster(Set<String> withoutCrds) throws IOException {
        this(withoutCrds, "v1beta1");
    }

    /**
     * @param slinkyVersion the one version the Slinky kinds are served in ({@code v1alpha1}: a Slinky 0.4 cluster);
     *                      any other version of the Slinky group answers 404, as a real API server does
     */
    MockCluster(Set<String> withoutCrds, String slinkyVersion) throws IOException {
        var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses) {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        String path = request.getPath().split("\\?")[0];
                        if (path.startsWith("/apis/" + KubeNames.SLINKY_GROUP + "/")
                                && !path.startsWith("/apis/" + KubeNames.SLINKY_GROUP + "/" + slinkyVersion + "/")) {
                            return new MockResponse().setResponseCode(404).setHeader("Content-Type",
                                    "application/json").setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                    + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
                        }
                        for (String gp : notServed) {
                            String[] g = gp.split("/");
                            if (path.matches("/apis/" + Pattern.quote(g[0]) + "/[^/]+/(namespaces/[^/]+/)?"
                                    + Pattern.quote(g[1]) + "(/.*)?")) {
                                return new MockResponse().setResponseCode(404).setHeader("Content-Type",
                                        "application/json").setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                        + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
                                        + "\"message\":\"the server could not find the requested resource\"}");
                            }
                        }
                        for (String ns : forbidden) {
                            if (SKALER_AGENT.equals(request.getHeader("User-Agent"))
                                    && path.contains("/namespaces/" + ns + "/")) {
                                return new MockResponse().setResponseCode(403).setHeader("Content-Type",
                                        "application/json").setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                        + "\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                                        + "\"message\":\"forbidden: User cannot list resource in the namespace " + ns
                                        + "\"}");
                            }
                        }
                        if (request.getMethod().equals("POST") && path.endsWith("/customresourcedefinitions")) {
                            try {
                                JsonNode crd = JSON.readTree(request.getBody().getBytes());
                                notServed.remove(crd.path("spec").path("group").asText() + "/"
                                        + crd.path("spec").path("names").path("plural").asText());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                        Seen seen = null;
                        if (SKALER_AGENT.equals(request.getHeader("User-Agent"))) {
                            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
                            seen = new Seen(request.getMethod(), request.getPath(),
                                    new String(body, StandardCharsets.UTF_8));
                            log.add(seen);
                        }
                        MockResponse response = super.dispatch(request);
                        for (Hook h : hooks) {
                            if (seen != null && h.when().test(seen)) {
                                h.then().run();
                            }
                        }
                        return response;
                    }
                }, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        admin = client("fixtures", server.getPort());
        for (String file : KubeResources.CRD_FILES) {
            if (withoutCrds.contains(file)) {
                try (var in = getClass().getResourceAsStream(file)) {
                    var crd = admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                    notServed.add(crd.getSpec().getGroup() + "/" + crd.getSpec().getNames().getPlural());
                }
                continue;
            }
            try (var in = getClass().getResourceAsStream(file)) {
                var crd = admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                if (crd.getSpec().getGroup().equals(KubeNames.SLINKY_GROUP)) {
                    crd.getSpec().getVersions().forEach(v -> v.setName(slinkyVersion));
                }
                admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
    }

    /** A client as skaler would have it: its own user agent, no hidden retries (skaler retries itself). */
    KubernetesClient skalerClient() {
        return skalerClient(server.getPort());
    }

    KubernetesClient skalerClient(int port) {
        return client(SKALER_AGENT, port);
    }

    private KubernetesClient client(String agent, int port) {
        var c = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withNamespace(NS)
                .withUserAgent(agent)
                .withRequestRetryBackoffLimit(0)
                .withWatchReconnectInterval(50)
                .withWatchReconnectLimit(-1)
                .withRequestTimeout(30_000)
                .build()).build();
        clients.add(c);
        return c;
    }

    /** From now on skaler's requests in {@code namespace} get 403 Forbidden (RBAC grants nothing there). */
    void forbid(String namespace) {
        forbidden.add(namespace);
    }

    /** RBAC now grants {@code namespace}. */
    void grant(String namespace) {
        forbidden.remove(namespace);
    }

    /** Runs {@code then} each time the server has answered a request of skaler's that matches {@code when}. */
    void after(Predicate<Seen> when, Runnable then) {
        hooks.add(new Hook(when, then));
    }

    /** Every request skaler's clients sent since the start, in order. */
    List<Seen> skalerRequests() {
        return List.copyOf(log);
    }

    /** skaler's writes (PATCH, PUT, POST, DELETE) as "METHOD path". */
    List<String> skalerWrites() {
        return log.stream().filter(r -> !r.method().equals("GET")).map(r -> r.method() + " " + r.path()).toList();
    }

    /**
     * Checks what skaler wrote: every written custom resource, as stored now, conforms to its CRD schema; no merge
     * patch carries a null (which would delete a field); every deletion-cost is an int32; every Event is complete;
     * and every request is covered by {@link KubeAccess}.
     */
    void verifySkalerWrites() throws Exception {
        for (Seen r : skalerRequests()) {
            String path = r.path().split("\\?")[0];
            RbacCheck.assertAllowed(r.method(), r.path());
            if (r.method().equals("GET")) {
                continue;
            }
            String body = r.body();
            assertThat(body).as("body of %s %s", r.method(), path).isNotBlank();
            assertThat(body).as("no null in a write body (merge-patch null deletes): %s", path)
                    .doesNotContain(":null");
            if (path.contains("/apis/slinky.slurm.net/") || path.contains("/apis/karpenter.sh/")) {
                String objectPath = path.endsWith("/scale") ? path.substring(0, path.length() - 6) : path;
                String stored = admin.raw(base() + objectPath);
                assertThat(schemas.errors(stored)).as("stored %s conforms to its CRD", objectPath).isEmpty();
            } else if (path.contains("/pods/")) {
                JsonNode ann = JSON.readTree(admin.raw(base() + path)).path("metadata").path("annotations");
                assertThat(ann.has(KubeNames.POD_DELETION_COST)).as("deletion-cost and skaler's mark go together: %s",
                        path).isEqualTo(ann.has(KubeNames.SCALE_IN_MARKED));
                if (ann.has(KubeNames.POD_DELETION_COST)) {
                    String cost = ann.path(KubeNames.POD_DELETION_COST).asText();
                    assertThat(Integer.parseInt(cost)).as("deletion-cost of %s is an int32", path).isNotNull();
                }
            } else if (path.contains("/events")) {
                JsonNode ev = JSON.readTree(body);
                assertThat(ev.path("involvedObject").path("name").asText()).isNotBlank();
                assertThat(ev.path("involvedObject").path("kind").asText()).isNotBlank();
                assertThat(ev.path("reason").asText()).isNotBlank();
                assertThat(ev.path("message").asText()).isNotBlank();
                assertThat(ev.path("type").asText()).isIn("Normal", "Warning");
            }
        }
    }

    String base() {
        return "http://127.0.0.1:" + server.getPort();
    }

    List<String> schemaErrors(GenericKubernetesResource r) {
        return schemas.errors(admin.getKubernetesSerialization().asJson(r));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }
}
