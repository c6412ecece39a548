package io.skaler.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HashMap;
import java.util.function.Supplier;

/** An in-process Kubernetes API (fabric8's mock server in CRUD mode) on 127.0.0.1 with the sandbox CRDs installed. */
public final class SandboxKube implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private SandboxKube(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    // the mock server logs every request at INFO; a sandbox run makes thousands (held here: loggers are weakly kept)
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** An API server that stamps creation times from the wall clock, as a real one does. */
    public static SandboxKube start() {
        return start(Instant::now);
    }

    /** An API server that stamps creation times from {@code now} (the run's virtual clock). */
    public static SandboxKube start(Supplier<Instant> now) {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new VirtualTimeDispatcher(now), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve 127.0.0.1", e);
        }
        var kube = new SandboxKube(server);
        SandboxCrds.install(kube.client);
        return kube;
    }

    public KubernetesClient client() {
        return client;
    }

    /** A fresh client for a component that must not share this one (the autoscaler under test). */
    public KubernetesClient newClient() {
        return server.createClient();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
