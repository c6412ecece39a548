package io.skaler.slurm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A stand-in slurmrestd on 127.0.0.1 for the client's unit tests: serves a set of API versions (404 for the others,
 * with slurmrestd's plain-text body), answers per path from handlers the test installs, and records every request.
 */
final class FakeSlurmrestd implements AutoCloseable {

    /** What the server saw. */
    record Seen(String method, String path, String query, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /** A canned reply; {@code body} is written in one go unless {@code writer} is given. */
    record Reply(int status, String contentType, byte[] body, Writer writer) {
        static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), null);
        }

        static Reply text(int status, String text) {
            return new Reply(status, "text/plain", text.getBytes(StandardCharsets.UTF_8), null);
        }

        static Reply streamed(int status, Writer writer) {
            return new Reply(status, "application/json", new byte[0], writer);
        }
    }

    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    static final String UNKNOWN_URL = "Unable find requested URL. Please view /openapi/v3 for API reference.";

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Seen, Reply>> routes = new ConcurrentHashMap<>();
    private volatile Set<String> served = Set.of("v0.0.40", "v0.0.41", "v0.0.42");

    FakeSlurmrestd() throws IOException {
        this(Optional.empty());
    }

    /** Serves https with {@code tls}'s key and certificate when given (slurmrestd behind TLS), else plain http. */
    FakeSlurmrestd(Optional<SSLContext> tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
            server = https;
        } else {
            server = HttpServer.create(loopback, 0);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-slurmrestd");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The versions whose paths exist; the others answer 404 like slurmrestd does for an unknown URL. */
    void serve(String... versions) {
        served = Set.of(versions);
    }

    /** Routes a path below the version prefix, e.g. {@code "/jobs/"}; ping answers 200 unless routed. */
    void on(String path, Function<Seen, Reply> handler) {
        routes.put(path, handler);
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<Seen> seen(String pathSuffix) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : seen) {
            if (s.path().endsWith(pathSuffix)) {
                out.add(s);
            }
        }
        return out;
    }

    void forget() {
        seen.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Seen s = new Seen(ex.getRequestMethod(), path, Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse(""),
                Map.copyOf(ex.getRequestHeaders()), body);
        seen.add(s);
        Reply reply;
        String[] parts = path.split("/", 4); // "", "slurm", "v0.0.42", "jobs/"
        if (parts.length < 3 || !"slurm".equals(parts[1]) || !served.contains(parts[2])) {
            reply = Reply.text(404, UNKNOWN_URL);
        } else {
            String rest = parts.length > 3 ? "/" + parts[3] : "/";
            Function<Seen, Reply> h = routes.get(rest);
            if (h == null && rest.equals("/ping/")) {
                reply = Reply.json(200, "{\"pings\":[{\"hostname\":\"localhost\",\"responding\":true}],\"errors\":[]}");
            } else if (h == null) {
                reply = Reply.text(404, UNKNOWN_URL);
            } else {
                reply = h.apply(s);
            }
        }
        send(ex, reply);
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        try {
            if (reply.writer() != null) {
                ex.sendResponseHeaders(reply.status(), 0); // chunked
                try (OutputStream out = ex.getResponseBody()) {
                    reply.writer().write(out);
                }
            } else {
                ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // the client may abort on purpose (size cap, timeout)
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
