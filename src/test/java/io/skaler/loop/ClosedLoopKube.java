package io.skaler.loop;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.skaler.kube.KubeNames;
import io.skaler.kube.KubeResources;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Kubernetes side of the closed loop: the fabric8 mock API server in CRUD mode (expectations first, so a fault
 * can be injected) with skaler's CRDs, a Slinky Controller and RestApi that report ready, the GPU NodeSet at 0
 * replicas (with the pod template hostname Slinky's chart gives it, which names its Slurm nodes) and the policy
 * ConfigMap. Every write skaler's client sends is logged in order with its arrival time.
 */
final class ClosedLoopKube implements AutoCloseable {
    static final String NS = "slurm";
    static final String POLICY_CONFIGMAP = "skaler-policy";
    private static final String SKALER_AGENT = "skaler-closed-loop";

    /** A request of skaler's that changed something. */
    record Write(Instant at, String method, String path, String body) {
    }

    final KubernetesMockServer server;
    final KubernetesClient admin;
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<Write> writes = new CopyOnWriteArrayList<>();

    /** A NodeSet whose pods are their own Slurm nodes (template hostname {@code "<nodeSet>-"}). */
    ClosedLoopKube(String nodeSet, String policyYaml) throws IOException {
        this(nodeSet, nodeSet + "-", policyYaml);
    }

    ClosedLoopKube(String nodeSet, String templateHostname, String policyYaml) throws IOException {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses) {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        if (SKALER_AGENT.equals(request.getHeader("User-Agent"))
                                && !"GET".equals(request.getMethod())) {
                            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
                            writes.add(new Write(Instant.now(), request.getMethod(), request.getPath(),
                                    new String(body, StandardCharsets.UTF_8)));
                        }
                        return super.dispatch(request);
                    }
                }, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        admin = client("closed-loop-harness", server.getPort());
        for (String file : KubeResources.CRD_FILES) {
            try (var in = getClass().getResourceAsStream(file)) {
                admin.apiextensions().v1().customResourceDefinitions()
                        .resource(admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                        .create();
            }
        }
        // as slurm-operator leaves them: no conditions; the bound RestApi is what gives the operator a Slurm client
        create(KubeResources.CONTROLLERS, cr("Controller", "slurm", Map.of("spec", Map.of("clusterName", "slurm",
                "slurmKeyRef", Map.of("name", "slurm-auth-slurm", "key", "slurm.key"),
                "jwtHs256KeyRef", Map.of("name", "slurm-auth-jwths256", "key", "jwt_hs256.key")))));
        create(KubeResources.RESTAPIS, cr("RestApi", "slurm-restapi", Map.of(
                "spec", Map.of("controllerRef", Map.of("name", "slurm")))));
        create(KubeResources.nodeSets("v1beta1"), cr("NodeSet", nodeSet, Map.of(
                "spec", Map.of("controllerRef", Map.of("name", "slurm"), "replicas", 0, "scalingMode", "StatefulSet",
                        "template", Map.of("spec", Map.of("hostname", templateHostname))))));
        setPolicy(policyYaml);
    }

    /** A client as skaler has it: its own user agent (so its writes are logged), no hidden retries. */
    KubernetesClient skalerClient() {
        return skalerClient(server.getPort());
    }

    /** skaler's client through another port (a proxy the test can cut). */
    KubernetesClient skalerClient(int port) {
        return client(SKALER_AGENT, port);
    }

    void setPolicy(String yaml) {
        admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(POLICY_CONFIGMAP).withNamespace(NS).endMetadata()
                .addToData(KubeNames.POLICY_KEY, yaml).build()).createOr(c -> c.update());
    }

    /** The next write of {@code method} to {@code path} is answered 409 Conflict instead of being applied. */
    void conflictOnce(String method, String path) {
        var status = Map.of("kind", "Status", "apiVersion", "v1", "code", 409, "reason", "Conflict",
                "message", "the object has been modified; please apply your changes to the latest version");
        switch (method) {
            case "PUT" -> server.expect().put().withPath(path).andReturn(409, status).once();
            case "PATCH" -> server.expect().patch().withPath(path).andReturn(409, status).once();
            default -> throw new IllegalArgumentException("no conflict injection for " + method);
        }
    }

    int replicas(String nodeSet) {
        GenericKubernetesResource ns = admin.genericKubernetesResources(KubeResources.nodeSets("v1beta1"))
                .inNamespace(NS).withName(nodeSet).get();
        Object spec = ns.getAdditionalProperties().get("spec");
        Object replicas = spec instanceof Map<?, ?> m ? m.get("replicas") : null;
        return replicas instanceof Number n ? n.intValue() : 1;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    private KubernetesClient client(String agent, int port) {
        var c = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withNamespace(NS).withUserAgent(agent)
                .withRequestRetryBackoffLimit(0).withWatchReconnectInterval(50).withWatchReconnectLimit(-1)
                .withRequestTimeout(30_000).build()).build();
        clients.add(c);
        return c;
    }

    private static GenericKubernetesResource cr(String kind, String name, Map<String, Object> body) {
        var r = new GenericKubernetesResource();
        r.setApiVersion("slinky.slurm.net/v1beta1");
        r.setKind(kind);
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        r.setAdditionalProperties(new LinkedHashMap<>(body));
        return r;
    }

    /** Creates a custom resource, then its status (a subresource, ignored on create). */
    private void create(ResourceDefinitionContext ctx, GenericKubernetesResource r) {
        var ops = admin.genericKubernetesResources(ctx).inNamespace(NS);
        Object status = r.getAdditionalProperties().get("status");
        var created = ops.resource(r).create();
        if (status != null) {
            created.getAdditionalProperties().put("status", status);
            ops.resource(created).updateStatus();
        }
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }
}
