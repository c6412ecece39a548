package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skaler.model.Gres;
import io.skaler.policy.NodeShape;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A sandbox scenario file: the cluster (NodeSets with their Slurm node shapes, NodePools with their instance
 * capacity and limits, how Karpenter and the kubelet behave) and the workload. Every error names the field.
 */
public record Scenario(String name, Instant start, String namespace, List<SandboxNodeSet> nodeSets,
        List<SandboxNodePool> nodePools, KarpenterSettings karpenter, Duration podStartDelay, Duration drainRecheck,
        Workload workload) {

    public static final String DEFAULT = "/io/skaler/sandbox/workload-default.yaml";

    /** The NodeSets of deploy/dev/slurm and a small real workload, for {@code sandbox --slurm-url}. */
    public static final String DEV_SLURM = "/io/skaler/sandbox/dev-slurm.yaml";

    public static Scenario loadDefault() {
        return load(DEFAULT);
    }

    public static Scenario load(String resource) {
        try (InputStream in = Scenario.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled scenario " + resource + " is missing from the build");
            }
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled scenario " + resource, e);
        }
    }

    public static Scenario parse(InputStream yaml) throws IOException {
        return from(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }

    static Scenario from(JsonNode root) {
        var k = root.path("karpenter");
        var defaults = KarpenterSettings.defaults();
        var karpenter = new KarpenterSettings(
                duration(k, "karpenter.bootDelay", "bootDelay", defaults.bootDelay()),
                k.path("failureShare").asDouble(defaults.failureShare()),
                duration(k, "karpenter.failureDelay", "failureDelay", defaults.failureDelay()),
                duration(k, "karpenter.unavailableFor", "unavailableFor", defaults.unavailableFor()),
                duration(k, "karpenter.emptyNodeTtl", "emptyNodeTtl", defaults.emptyNodeTtl()),
                k.path("seed").asLong(defaults.seed()));
        var pools = new ArrayList<SandboxNodePool>();
        for (var p : required(root, "nodePools")) {
            String n = text(p, "nodePools[].name");
            OptionalLong replicas = p.has("replicas") ? OptionalLong.of(p.get("replicas").asLong())
                    : OptionalLong.empty();
            pools.add(new SandboxNodePool(n, text(p, "nodePools." + n + ".instanceType", "instanceType"),
                    quantities(n, "capacity", p.path("capacity")), quantities(n, "limits", p.path("limits")),
                    replicas));
        }
        var sets = new ArrayList<SandboxNodeSet>();
        for (var s : required(root, "nodeSets")) {
            String n = text(s, "nodeSets[].name");
            var node = s.path("node");
            var shape = new NodeShape(positive(node, "nodeSets." + n + ".node.cpus", "cpus"),
                    positive(node, "nodeSets." + n + ".node.memoryMB", "memoryMB"),
                    gres("nodeSets." + n + ".node.gres", node.path("gres").asText("")),
                    strings(node.path("features")));
            String pool = text(s, "nodeSets." + n + ".nodePool", "nodePool");
            if (pools.stream().noneMatch(p -> p.name().equals(pool))) {
                throw new IllegalArgumentException("nodeSets." + n + ".nodePool: no nodePool named " + pool);
            }
            sets.add(new SandboxNodeSet(n, s.path("partition").asText(n), shape,
                    positive(s, "nodeSets." + n + ".maxNodes", "maxNodes"), pool, s.path("replicas").asInt(0),
                    s.path("hostname").asText(n + "-")));
        }
        var kubelet = root.path("kubelet");
        var workload = WorkloadFile.workload(root);
        checkReservedNodes(workload, sets);
        return new Scenario(root.path("name").asText("unnamed"),
                Instant.parse(root.path("start").asText("2026-01-05T08:00:00Z")),
                root.path("namespace").asText("slurm"), sets, pools, karpenter,
                duration(kubelet, "kubelet.podStartDelay", "podStartDelay", Duration.ofSeconds(10)),
                duration(kubelet, "kubelet.drainRecheck", "drainRecheck", Duration.ofSeconds(30)),
                workload);
    }

    /** A reservation names Slurm nodes the cluster configures: {@code <nodeSet>-<ordinal>}, ordinal below maxNodes. */
    private static void checkReservedNodes(Workload workload, List<SandboxNodeSet> sets) {
        var known = new java.util.HashSet<String>();
        sets.forEach(ns -> java.util.stream.IntStream.range(0, ns.maxNodes()).forEach(i -> known.add(ns.name() + "-" + i)));
        for (var r : workload.reservations()) {
            for (String n : r.nodes()) {
                if (!known.contains(n)) {
                    throw new IllegalArgumentException("reservations." + r.name() + ".nodes: " + n + " is no node of"
                            + " the nodeSets (<nodeSet>-<ordinal>, ordinal below maxNodes); Slurm: Invalid node name"
                            + " specified");
                }
            }
        }
    }

    static Duration duration(JsonNode parent, String field, String key, Duration fallback) {
        return parent.has(key) ? Durations.parse(field, parent.get(key).asText()) : fallback;
    }

    static Gres gres(String field, String text) {
        var out = new LinkedHashMap<String, Long>();
        if (text.isBlank()) {
            return Gres.NONE;
        }
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            try {
                out.put(part.substring(0, colon).trim(), Long.parseLong(part.substring(colon + 1).trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(field + ": '" + part + "' is not like gpu:h100:8 or gpu:1");
            }
        }
        return new Gres(out);
    }

    static Iterable<JsonNode> required(JsonNode root, String field) {
        var n = root.path(field);
        if (!n.isArray() || n.isEmpty()) {
            throw new IllegalArgumentException(field + ": must be a non-empty list");
        }
        return n;
    }

    static String text(JsonNode n, String field) {
        return text(n, field, field.substring(field.lastIndexOf('.') + 1));
    }

    static String text(JsonNode n, String field, String key) {
        String v = n.path(key).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return v;
    }

    static int positive(JsonNode n, String field, String key) {
        int v = n.path(key).asInt(0);
        if (v < 1) {
            throw new IllegalArgumentException(field + ": must be a number >= 1, got " + n.path(key));
        }
        return v;
    }

    static List<String> strings(JsonNode n) {
        var out = new ArrayList<String>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Map<String, BigDecimal> quantities(String pool, String what, JsonNode n) {
        var raw = new LinkedHashMap<String, String>();
        n.fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue().asText()));
        return NodePoolLimits.parse(pool + "." + what, raw);
    }
}
