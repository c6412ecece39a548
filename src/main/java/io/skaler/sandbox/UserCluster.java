package io.skaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.skaler.kube.KubeDocuments.KubeObject;
import io.skaler.kube.Quantities;
import io.skaler.model.Gres;
import io.skaler.policy.NodePoolBinding;
import io.skaler.policy.NodeSetPolicy;
import io.skaler.policy.Policy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code sandbox --cluster FILE --policy FILE}: a scenario built from the user's own NodeSets and NodePools and the
 * policy that manages them, with the bundled scenario's Karpenter and kubelet timings, and either the user's workload
 * or the bundled jobs of the partitions the policy has. Pure; errors name the document or the policy field.
 *
 * @param droppedJobGroups bundled job groups left out: their partitions are not in the policy
 * @param objects          the user's NodeSets, NodePools, Controllers and RestApis, to be created as they are
 */
public record UserCluster(Scenario scenario, List<String> droppedJobGroups, List<KubeObject> objects) {
    private static final List<String> CREATED_KINDS = List.of("NodePool", "NodeSet", "Controller", "RestApi");
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    public static UserCluster build(List<KubeObject> cluster, Policy policy, Optional<Workload> workload,
            Scenario bundled) {
        List<SandboxNodeSet> nodeSets = new ArrayList<>();
        Map<String, NodeSetPolicy> poolShapes = new LinkedHashMap<>();
        TreeSet<String> namespaces = new TreeSet<>();
        for (var partition : policy.partitions()) {
            for (NodeSetPolicy ns : partition.nodeSets()) {
                KubeObject object = cluster.stream().filter(o -> o.kind().equals("NodeSet")
                        && o.name().equals(ns.ref().name()) && o.namespace().equals(ns.ref().namespace()))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException("policy: partitions." + partition
                                .name() + ".nodeSets: NodeSet " + ns.ref() + " is not in the cluster file"));
                String pool = ns.nodePool().mode() != NodePoolBinding.Mode.NONE ? ns.nodePool().name()
                        : text(object, "/spec/template/spec/nodeSelector/karpenter.sh~1nodepool");
                if (pool.isEmpty()) {
                    throw new IllegalArgumentException(object.where() + ": spec.template.spec.nodeSelector"
                            + ".karpenter.sh/nodepool: missing, and the policy binds no NodePool (the sandbox needs"
                            + " to know where its pods land)");
                }
                int replicas = object.body().at("/spec/replicas").asInt(1);
                nodeSets.add(new SandboxNodeSet(ns.ref().name(), partition.name(), ns.node(), ns.maxReplicas(), pool,
                        Math.min(replicas, ns.maxReplicas())));
                poolShapes.putIfAbsent(pool, ns);
                namespaces.add(ns.ref().namespace());
            }
        }
        if (namespaces.size() > 1) {
            throw new IllegalArgumentException("policy: the sandbox runs one namespace; the policy's NodeSets are in "
                    + namespaces);
        }
        List<SandboxNodePool> pools = new ArrayList<>();
        for (var e : poolShapes.entrySet()) {
            KubeObject object = cluster.stream().filter(o -> o.kind().equals("NodePool") && o.name().equals(e.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("NodePool " + e.getKey() + " (of NodeSet "
                            + e.getValue().ref() + ") is not in the cluster file"));
            pools.add(pool(object, e.getValue(), policy, cluster));
        }
        List<String> dropped = new ArrayList<>();
        Workload jobs = workload.orElseGet(() -> bundledJobs(bundled.workload(), nodeSets, dropped));
        if (jobs.groups().isEmpty()) {
            throw new IllegalArgumentException("workload: no job for any partition of the policy");
        }
        var scenario = new Scenario("your cluster", bundled.start(), namespaces.first(), nodeSets, pools,
                bundled.karpenter(), bundled.podStartDelay(), bundled.drainRecheck(), jobs);
        List<KubeObject> created = cluster.stream().filter(o -> CREATED_KINDS.contains(o.kind()))
                .filter(o -> o.namespace().isEmpty() || o.namespace().equals(namespaces.first())).toList();
        return new UserCluster(scenario, dropped, created);
    }

    /**
     * The pool as Karpenter would launch it: one machine's capacity from its NodeClaims' {@code status.capacity}
     * when it has any, else the node shape of the policy; its instance type from its requirements.
     */
    static SandboxNodePool pool(KubeObject object, NodeSetPolicy shape, Policy policy, List<KubeObject> cluster) {
        Map<String, BigDecimal> capacity = new TreeMap<>();
        cluster.stream().filter(o -> o.kind().equals("NodeClaim")
                && object.name().equals(text(o, "/metadata/labels/karpenter.sh~1nodepool"))).findFirst()
                .ifPresent(claim -> capacity.putAll(quantities(claim, "/status/capacity")));
        if (capacity.isEmpty()) {
            capacity.put("cpu", BigDecimal.valueOf(shape.node().cpus()));
            capacity.put("memory", BigDecimal.valueOf(shape.node().memoryMB()).multiply(MIB));
            shape.node().gres().amounts().forEach((name, count) -> {
                String resource = policy.gresResources().get(Gres.kindOf(name));
                if (resource != null) {
                    capacity.merge(resource, BigDecimal.valueOf(count), BigDecimal::add);
                }
            });
        }
        String instanceType = "unknown";
        for (JsonNode r : object.body().at("/spec/template/spec/requirements")) {
            if (r.path("key").asText().equals("node.kubernetes.io/instance-type") && r.path("values").size() > 0) {
                instanceType = r.path("values").get(0).asText();
            }
        }
        JsonNode replicas = object.body().at("/spec/replicas");
        return new SandboxNodePool(object.name(), instanceType, capacity, quantities(object, "/spec/limits"),
                replicas.canConvertToLong() ? OptionalLong.of(replicas.asLong()) : OptionalLong.empty());
    }

    /** The bundled jobs whose partitions the user's cluster has; the others are named in {@code dropped}. */
    static Workload bundledJobs(Workload bundled, List<SandboxNodeSet> nodeSets, List<String> dropped) {
        var partitions = nodeSets.stream().map(SandboxNodeSet::partition).toList();
        List<JobGroup> kept = new ArrayList<>();
        java.util.Set<String> keptNames = new java.util.HashSet<>();
        for (JobGroup g : bundled.groups()) {
            boolean dependsOnDropped = g.afterOk() != null && !g.afterOk().isEmpty() && !keptNames.contains(g.afterOk());
            if (g.template().reserved()) { // its reservation names nodes of the bundled cluster, not of this one
                dropped.add(g.name() + " (" + g.count() + " jobs, reservation " + g.template().reservation()
                        + " on nodes of the bundled cluster, dropped)");
            } else if (g.template().partitions().stream().anyMatch(partitions::contains) && !dependsOnDropped) {
                kept.add(g);
                keptNames.add(g.name());
            } else if (dependsOnDropped) { // the job it waits on is not replayed, so it could never start
                dropped.add(g.name() + " (" + g.count() + " jobs, afterOk " + g.afterOk() + ", dropped)");
            } else {
                dropped.add(g.name() + " (" + g.count() + " jobs, partition " + String.join(",",
                        g.template().partitions()) + ")");
            }
        }
        return new Workload(kept, bundled.quietTail(), bundled.seed());
    }

    private static Map<String, BigDecimal> quantities(KubeObject o, String pointer) {
        Map<String, BigDecimal> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.body().at(pointer).fields(); it.hasNext();) {
            var e = it.next();
            out.put(e.getKey(), Quantities.parse(o.where() + ": " + pointer.substring(1).replace('/', '.') + "."
                    + e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static String text(KubeObject o, String pointer) {
        JsonNode n = o.body().at(pointer);
        return n.isMissingNode() || n.isNull() ? "" : n.asText("");
    }
}
