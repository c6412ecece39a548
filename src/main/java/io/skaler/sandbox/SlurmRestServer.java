package io.skaler.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link SimulatedSlurm} over HTTP on 127.0.0.1 as slurmrestd 24.11 serves API v0.0.42 (compact JSON), so the
 * sandbox exercises skaler's real HTTP client, version negotiation and parsers. Other versions answer 404, a request
 * without a token 401. Responses are streamed with Jackson's {@link JsonGenerator} from a copy of the model taken under
 * its lock, so a 100k-job list neither blocks the simulation nor builds a tree in memory.
 */
public final class SlurmRestServer implements AutoCloseable {
    private static final String PREFIX = "/slurm/" + SlurmJson.VERSION + "/";

    private final SimulatedSlurm slurm;
    private final Optional<String> expectedToken;
    private final String cluster;
    private final HttpServer http;
    private final ExecutorService pool;
    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param expectedToken when present, any other token gets 511 as a bad JWT does; when empty any token passes */
    public SlurmRestServer(SimulatedSlurm slurm, Optional<String> expectedToken, String cluster) throws IOException {
        this.slurm = slurm;
        this.expectedToken = expectedToken;
        this.cluster = cluster;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        this.pool = Executors.newFixedThreadPool(4, r -> {
            var t = new Thread(r, "sandbox-slurmrestd");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/", this::handle);
    }

    public SlurmRestServer start() {
        http.start();
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(PREFIX)) {
                plain(ex, 404, "Unable to find requested URL"); // other versions: negotiation moves on
                return;
            }
            Optional<String> token = token(ex);
            if (token.isEmpty()) {
                plain(ex, 401, "Authentication failure");
                return;
            }
            if (expectedToken.isPresent() && !expectedToken.get().equals(token.get())) {
                error(ex, 511, "Protocol authentication error");
                return;
            }
            String route = path.substring(PREFIX.length()).replaceAll("/+$", "");
            var query = query(ex.getRequestURI().getRawQuery());
            String method = ex.getRequestMethod();
            if (method.equals("GET")) {
                get(ex, route, query);
            } else if (method.equals("POST") && route.startsWith("node/")) {
                postNode(ex, List.of(route.substring("node/".length())), ex.getRequestBody().readAllBytes());
            } else if (method.equals("POST") && route.equals("nodes")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                postNode(ex, names(mapper.readTree(body).path("name")), body);
            } else {
                plain(ex, 404, "Unable to find requested URL");
            }
        } catch (RuntimeException e) {
            // a sandbox bug must show as a 500 with its reason, never kill the server thread silently
            if (ex.getResponseCode() == -1) {
                error(ex, 500, "Unexpected error: " + e);
            }
        }
    }

    private void get(HttpExchange ex, String route, Map<String, List<String>> query) throws IOException {
        switch (route) {
            case "ping" -> ping(ex);
            case "jobs" -> jobs(ex, query);
            case "jobs/state" -> jobStates(ex, query);
            case "nodes" -> nodes(ex, query);
            case "partitions" -> partitions(ex, query);
            case "reservations" -> reservations(ex);
            default -> {
                if (route.matches("job/[0-9]+")) {
                    job(ex, Long.parseLong(route.substring("job/".length())));
                } else {
                    plain(ex, 404, "Unable to find requested URL");
                }
            }
        }
    }

    private void ping(HttpExchange ex) throws IOException {
        stream(ex, 200, g -> {
            g.writeArrayFieldStart("pings");
            g.writeStartObject();
            g.writeStringField("hostname", "slurmctld-0");
            g.writeStringField("pinged", "UP");
            g.writeBooleanField("responding", true);
            g.writeNumberField("latency", 120);
            g.writeStringField("mode", "primary");
            g.writeBooleanField("primary", true);
            g.writeEndObject();
            g.writeEndArray();
            SlurmJson.envelope(g, cluster, List.of(), List.of());
        });
    }

    /**
     * The reservations not yet ended ({@link ReservationJsonWriter}); with none an empty list, as a real slurmrestd
     * answers (26.05.5: {@code {"reservations": [], "last_update": ..., "meta": ..., "errors": [], "warnings": []}}).
     */
    private void reservations(HttpExchange ex) throws IOException {
        var listed = slurm.reservations();
        var cpus = new java.util.HashMap<String, Integer>();
        slurm.state().nodes().forEach(n -> cpus.put(n.name(), n.shape().cpus()));
        stream(ex, 200, g -> {
            g.writeArrayFieldStart("reservations");
            for (var r : listed) {
                ReservationJsonWriter.write(g, r, cpus);
            }
            g.writeEndArray();
            SlurmJson.number(g, "last_update", slurm.state().now());
            SlurmJson.envelope(g, cluster, List.of(), List.of());
        });
    }

    private void jobs(HttpExchange ex, Map<String, List<String>> query) throws IOException {
        var state = slurm.state();
        Optional<Long> since = updateTime(ex, query);
        if (since == null) {
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
            JobsDocument.write(out, state, cluster, since);
        }
    }

    /**
     * {@code GET job/{id}}: the job, or every record of the array whose id it is, in the {@code jobs} document; 404
     * with error 2017 when Slurm holds no such job (docs/upstream.md).
     */
    private void job(HttpExchange ex, long id) throws IOException {
        var state = slurm.state();
        var records = state.jobs().stream().filter(j -> j.jobId() == id || j.arrayJobId() == id).toList();
        if (records.isEmpty()) {
            error(ex, 404, "Unable to query JobId=" + id);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
            JobsDocument.write(out, state.withJobs(records), cluster, Optional.empty());
        }
    }

    /** Every task of an array is its own entry here ({@code "2_0"}, {@code "2_1"}, ...), unlike {@code /jobs}. */
    private void jobStates(HttpExchange ex, Map<String, List<String>> query) throws IOException {
        var wanted = query.getOrDefault("job_id", List.of());
        if (wanted.stream().anyMatch(id -> id.contains(","))) { // 24.11; 26.05 answers 500 (docs/upstream.md)
            error(ex, 400, "Unable to parse query.");
            return;
        }
        var state = slurm.state();
        stream(ex, 200, g -> {
            g.writeArrayFieldStart("jobs");
            for (var j : state.jobs()) {
                if (!wanted.isEmpty() && !wanted.contains(Long.toString(j.jobId()))
                        && !wanted.contains(Long.toString(j.arrayJobId()))) {
                    continue;
                }
                if (j.arrayRecord()) {
                    var tasks = j.pendingTasks();
                    for (int t = tasks.first(); t >= 0; t = tasks.next(t)) {
                        jobState(g, j.arrayJobId() + "_" + t, j);
                    }
                } else {
                    // a task split off its array shows its own job id, not the array's: "10005_1" (docs/upstream.md)
                    jobState(g, j.arrayJobId() != 0 ? j.jobId() + "_" + j.arrayTaskId()
                            : Long.toString(j.jobId()), j);
                }
            }
            g.writeEndArray();
            SlurmJson.envelope(g, cluster, List.of(), List.of());
        });
    }

    private static void jobState(JsonGenerator g, String id, SimJob j) throws IOException {
        g.writeStartObject();
        g.writeStringField("job_id", id);
        SlurmJson.strings(g, "state", List.of(j.state().name()));
        g.writeEndObject();
    }

    private void nodes(HttpExchange ex, Map<String, List<String>> query) throws IOException {
        if (query.containsKey("update_time")) {
            // Slurm 24.05-25.11 bug (Ticket 25532): update_time on /nodes ends in "Unable to query partitions"
            error(ex, 500, "Unable to query partitions");
            return;
        }
        boolean future = query.getOrDefault("flags", List.of()).stream()
                .anyMatch(f -> List.of(f.split(",")).contains("FUTURE"));
        var state = slurm.state();
        var writer = new NodeJsonWriter(cluster);
        stream(ex, 200, g -> {
            g.writeArrayFieldStart("nodes");
            for (var n : state.nodes()) {
                if (n.registered() || future) {
                    writer.write(g, n);
                }
            }
            g.writeEndArray();
            SlurmJson.number(g, "last_update", state.now());
            SlurmJson.envelope(g, cluster, List.of(), List.of());
        });
    }

    private void partitions(HttpExchange ex, Map<String, List<String>> query) throws IOException {
        var state = slurm.state();
        Optional<Long> since = updateTime(ex, query);
        if (since == null) {
            return;
        }
        if (since.isPresent() && since.get() - 1 >= state.nodesLastUpdate()) {
            ex.sendResponseHeaders(304, -1); // partitions answer "no change" with an empty 304
            return;
        }
        var byName = new LinkedHashMap<String, List<SandboxNodeSet>>();
        state.nodeSets().forEach(ns -> byName.computeIfAbsent(ns.partition(), k -> new ArrayList<>()).add(ns));
        var writer = new PartitionJsonWriter(cluster);
        stream(ex, 200, g -> {
            g.writeArrayFieldStart("partitions");
            for (var e : byName.entrySet()) {
                var registered = state.nodes().stream()
                        .filter(n -> n.registered() && n.partitions().contains(e.getKey())).toList();
                writer.write(g, e.getKey(), e.getValue(), registered);
            }
            g.writeEndArray();
            SlurmJson.number(g, "last_update", state.now());
            SlurmJson.envelope(g, cluster, List.of(), List.of());
        });
    }

    private void postNode(HttpExchange ex, List<String> names, byte[] body) throws IOException {
        JsonNode msg = mapper.readTree(body);
        var states = new ArrayList<String>();
        msg.path("state").forEach(s -> states.add(s.asText()));
        String reason = msg.path("reason").asText("");
        try {
            for (String name : names) {
                apply(name, states, reason);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            error(ex, 500, e.getMessage());
            return;
        }
        var warnings = msg.has("name") && names.size() == 1 && !msg.path("name").isArray()
                ? List.of("name in request body ignored") : List.<String>of();
        stream(ex, 200, g -> SlurmJson.envelope(g, cluster, List.of(), warnings));
    }

    private void apply(String name, List<String> states, String reason) {
        if (states.contains("DRAIN")) {
            slurm.drain(name, reason, "slurm");
        } else if (states.contains("RESUME") || states.contains("UNDRAIN")) {
            slurm.resume(name);
        } else if (states.contains("FUTURE")) {
            slurm.setFuture(name);
        } else if (!states.isEmpty()) {
            throw new IllegalArgumentException("Invalid node state specified: " + states);
        }
    }

    private static List<String> names(JsonNode name) {
        var out = new ArrayList<String>();
        if (name.isArray()) {
            name.forEach(n -> out.add(n.asText()));
        } else if (!name.asText("").isEmpty()) {
            out.addAll(List.of(name.asText().split(",")));
        }
        return out;
    }

    /** The parsed {@code update_time}, empty when absent, {@code null} after answering 422 for a bad one. */
    private Optional<Long> updateTime(HttpExchange ex, Map<String, List<String>> query) throws IOException {
        var values = query.getOrDefault("update_time", List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
            error(ex, 422, "Parsing of " + values.get(0) + " for timestamp failed");
            return null;
        }
    }

    private static Optional<String> token(HttpExchange ex) {
        String t = ex.getRequestHeaders().getFirst("X-SLURM-USER-TOKEN");
        if (t == null) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null && auth.startsWith("Bearer ")) {
                t = auth.substring("Bearer ".length());
            }
        }
        return t == null || t.isBlank() ? Optional.empty() : Optional.of(t.trim());
    }

    private static Map<String, List<String>> query(String raw) {
        var out = new LinkedHashMap<String, List<String>>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private void stream(HttpExchange ex, int status, Body body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, 0);
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16);
                JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
    }

    private void error(HttpExchange ex, int status, String description) throws IOException {
        ex.getResponseHeaders().set("Connection", "close"); // slurmrestd closes after any error
        stream(ex, status, g -> SlurmJson.envelope(g, cluster, List.of(description), List.of()));
    }

    private static void plain(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }
}
