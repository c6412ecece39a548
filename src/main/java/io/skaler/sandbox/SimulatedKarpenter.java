package io.skaler.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Karpenter on the virtual clock: for each NodePool it launches a NodeClaim per pod that waits for a node (a dynamic
 * pool) or keeps {@code spec.replicas} claims (a static one), never beyond {@code spec.limits}; a claim becomes Ready
 * after the boot delay, or fails with insufficient capacity for a configurable share of launches (a Warning Event
 * {@code InsufficientCapacityError}, then the claim is deleted and the offering skipped for a while, as
 * nodeclaim/lifecycle/launch.go does; Karpenter never writes {@code Launched=False}); a Ready node left without a pod is removed
 * after {@code emptyNodeTtl} ({@code WhenEmpty}). It writes NodeClaims and NodePool status to the API server, so the
 * autoscaler under test sees what it would see in a cluster.
 */
public final class SimulatedKarpenter {
    enum Phase { LAUNCHING, READY, FAILED }

    static final class Claim {
        final String name;
        final String pool;
        final Instant createdAt;
        Phase phase = Phase.LAUNCHING;
        String pod = "";
        Instant emptySince;

        Claim(String name, String pool, Instant createdAt) {
            this.name = name;
            this.pool = pool;
            this.createdAt = createdAt;
        }
    }

    private final KubernetesClient kube;
    private final VirtualClock clock;
    private final KarpenterSettings settings;
    private final Map<String, SandboxNodePool> pools = new LinkedHashMap<>();
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private final Map<String, Instant> unavailableUntil = new HashMap<>();
    private final Map<String, Map<String, Object>> writtenStatus = new HashMap<>();
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    private final Random dice;
    private io.fabric8.kubernetes.client.informers.SharedIndexInformer<GenericKubernetesResource> poolInformer;
    private int seq;

    public SimulatedKarpenter(KubernetesClient kube, VirtualClock clock, KarpenterSettings settings,
            List<SandboxNodePool> pools) {
        this.kube = kube;
        this.clock = clock;
        this.settings = settings;
        this.dice = new Random(settings.seed());
        pools.forEach(p -> this.pools.put(p.name(), p));
    }

    public synchronized void stop() {
        if (poolInformer != null) {
            poolInformer.stop();
        }
    }

    public void addListener(ClusterListener l) {
        listeners.add(l);
    }

    /**
     * One pass over every NodePool. {@code waitingPods} counts, per pool, the pods that wait for a node (the kubelet
     * knows them); pods already matched with a launching or free node are not counted twice.
     */
    public synchronized void reconcile(Map<String, Integer> waitingPods) {
        Instant now = clock.now();
        var specs = readPools();
        for (var pool : pools.values()) {
            var live = live(pool.name());
            var spec = specs.getOrDefault(pool.name(), new PoolSpec(Map.of(), OptionalLong.empty(), false));
            OptionalLong replicas = spec.staticReplicas();
            if (replicas.isPresent()) {
                long excess = live.size() - replicas.getAsLong();
                for (int i = 0; i < -excess; i++) {
                    tryLaunch(pool, spec.limits(), now);
                }
                // static scale-down removes unlaunched and empty nodes only: a node with a slurmd pod stays
                for (var c : live) {
                    if (excess <= 0) {
                        break;
                    }
                    if (c.pod.isEmpty()) {
                        remove(c, now);
                        excess--;
                    }
                }
            } else {
                int waiting = waitingPods.getOrDefault(pool.name(), 0);
                long supply = live.stream().filter(c -> c.pod.isEmpty()).count();
                long need = waiting - supply;
                for (int i = 0; i < need; i++) {
                    if (!tryLaunch(pool, spec.limits(), now)) {
                        break;
                    }
                }
                // a free node a waiting pod is about to land on is not empty (Karpenter nominates the pod to it):
                // only free nodes beyond the waiting pods may go, however late this pass runs after they became Ready
                long removable = spec.nodesDoNotDisrupt() ? 0 : supply - waiting;
                for (var c : live) {
                    if (removable <= 0) {
                        break;
                    }
                    if (c.phase == Phase.READY && c.pod.isEmpty() && c.emptySince != null
                            && !c.emptySince.plus(settings.emptyNodeTtl()).isAfter(now)) {
                        remove(c, now);
                        removable--;
                    }
                }
            }
            writePoolStatus(pool);
        }
    }

    /** A Ready node of {@code pool} without a pod, for the kubelet to place one slurmd pod on. */
    public synchronized Optional<String> freeNode(String pool) {
        return claims.values().stream().filter(c -> c.pool.equals(pool) && c.phase == Phase.READY && c.pod.isEmpty())
                .map(c -> c.name).findFirst();
    }

    public synchronized void bind(String claim, String pod) {
        var c = claims.get(claim);
        c.pod = pod;
        c.emptySince = null;
    }

    public synchronized void unbind(String claim) {
        var c = claims.get(claim);
        if (c != null) {
            c.pod = "";
            c.emptySince = clock.now();
        }
    }

    /** Live (launching or Ready) nodes per pool. */
    public synchronized Map<String, Integer> nodeCounts() {
        var out = new LinkedHashMap<String, Integer>();
        pools.keySet().forEach(p -> out.put(p, live(p).size()));
        return out;
    }

    public synchronized Map<String, Integer> readyCounts() {
        var out = new LinkedHashMap<String, Integer>();
        pools.keySet().forEach(p -> out.put(p,
                (int) live(p).stream().filter(c -> c.phase == Phase.READY).count()));
        return out;
    }

    private List<Claim> live(String pool) {
        return claims.values().stream().filter(c -> c.pool.equals(pool) && c.phase != Phase.FAILED).toList();
    }

    private boolean tryLaunch(SandboxNodePool pool, Map<String, BigDecimal> limits, Instant now) {
        if (unavailableUntil.getOrDefault(pool.name(), Instant.MIN).isAfter(now)) {
            return false;
        }
        if (!NodePoolLimits.allows(limits, pool.capacity(), live(pool.name()).size() + 1)) {
            return false;
        }
        var c = new Claim(pool.name() + "-" + Integer.toString(seq++, 36), pool.name(), now);
        claims.put(c.name, c);
        kube.genericKubernetesResources(SandboxCrds.NODE_CLAIM).resource(claimObject(c, pool)).create();
        listeners.forEach(l -> l.nodeLaunched(pool.name(), c.name, now));
        if (dice.nextDouble() < settings.failureShare()) {
            clock.schedule(now.plus(settings.failureDelay()), () -> fail(c.name));
        } else {
            clock.schedule(now.plus(settings.bootDelay()), () -> ready(c.name));
        }
        return true;
    }

    private synchronized void ready(String name) {
        var c = claims.get(name);
        if (c == null || c.phase != Phase.LAUNCHING) {
            return;
        }
        c.phase = Phase.READY;
        c.emptySince = clock.now();
        writeClaimStatus(c, List.of(cond("Launched", "True", "Launched"), cond("Registered", "True", "Registered"),
                cond("Initialized", "True", "Initialized"), cond("Ready", "True", "Ready")));
        listeners.forEach(l -> l.nodeReady(c.pool, c.name, clock.now()));
    }

    /**
     * Insufficient capacity as launch.go codes it: a Warning Event {@code InsufficientCapacityError} on the claim, then
     * the claim is deleted (no {@code Launched=False} is ever written); the offering is skipped for a while.
     */
    private synchronized void fail(String name) {
        var c = claims.get(name);
        if (c == null || c.phase != Phase.LAUNCHING) {
            return;
        }
        c.phase = Phase.FAILED;
        Instant now = clock.now();
        unavailableUntil.put(c.pool, now.plus(settings.unavailableFor()));
        publishInsufficientCapacity(c, now);
        claims.remove(name);
        kube.genericKubernetesResources(SandboxCrds.NODE_CLAIM).withName(name).delete();
        listeners.forEach(l -> l.capacityFailure(c.pool, c.name, now));
    }

    /** Events of a cluster-scoped object go to the {@code default} namespace (client-go's recorder). */
    private void publishInsufficientCapacity(Claim c, Instant now) {
        var event = new io.fabric8.kubernetes.api.model.EventBuilder().withNewMetadata()
                .withName(c.name + "." + Long.toHexString(now.toEpochMilli())).withNamespace("default").endMetadata()
                .withType("Warning").withReason("InsufficientCapacityError")
                .withMessage("NodeClaim " + c.name + " event: all requested instance types were unavailable during"
                        + " launch")
                .withNewInvolvedObject().withApiVersion("karpenter.sh/v1").withKind("NodeClaim").withName(c.name)
                .endInvolvedObject().withLastTimestamp(now.toString()).withCount(1).build();
        kube.v1().events().inNamespace("default").resource(event).create();
    }

    private void remove(Claim c, Instant now) {
        claims.remove(c.name);
        kube.genericKubernetesResources(SandboxCrds.NODE_CLAIM).withName(c.name).delete();
        listeners.forEach(l -> l.nodeRemoved(c.pool, c.name, now));
    }

    /** @param nodesDoNotDisrupt do-not-disrupt on the node template: Karpenter never removes its nodes voluntarily */
    private record PoolSpec(Map<String, BigDecimal> limits, OptionalLong staticReplicas, boolean nodesDoNotDisrupt) {
    }

    /** Pool specs as the API server holds them now (one list call): the autoscaler under test may change them. */
    private Map<String, PoolSpec> readPools() {
        if (poolInformer == null) {
            poolInformer = kube.genericKubernetesResources(SandboxCrds.NODE_POOL).inform();
        }
        var out = new HashMap<String, PoolSpec>();
        for (var obj : poolInformer.getStore().list()) {
            String name = obj.getMetadata().getName();
            Object replicas = obj.get("spec", "replicas");
            Map<?, ?> limits = obj.get("spec", "limits");
            Map<?, ?> annotations = obj.get("spec", "template", "metadata", "annotations");
            out.put(name, new PoolSpec(NodePoolLimits.parse(name, limits == null ? Map.of() : limits),
                    replicas instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty(),
                    annotations != null && "true".equals(annotations.get("karpenter.sh/do-not-disrupt"))));
        }
        return out;
    }

    private void writePoolStatus(SandboxNodePool pool) {
        var live = live(pool.name());
        long ready = live.stream().filter(c -> c.phase == Phase.READY).count();
        var resources = new LinkedHashMap<String, Object>();
        pool.capacity().forEach((k, v) -> resources.put(k, v.multiply(BigDecimal.valueOf(live.size()))
                .stripTrailingZeros().toPlainString()));
        resources.put("nodes", Integer.toString(live.size()));
        var status = Map.<String, Object>of("nodes", ready, "resources", resources);
        if (status.equals(writtenStatus.get(pool.name()))) {
            return; // unchanged: spare the API server a read and a write per tick
        }
        var client = kube.genericKubernetesResources(SandboxCrds.NODE_POOL).withName(pool.name());
        var current = client.get();
        if (current != null) {
            var full = new LinkedHashMap<String, Object>(status);
            full.put("conditions", List.of(cond("Ready", "True", "Ready")));
            current.getAdditionalProperties().put("status", full);
            client.updateStatus(current);
            writtenStatus.put(pool.name(), status);
        }
    }

    private void writeClaimStatus(Claim c, List<Map<String, Object>> conditions) {
        var client = kube.genericKubernetesResources(SandboxCrds.NODE_CLAIM).withName(c.name);
        var current = client.get();
        if (current == null) {
            return;
        }
        var status = new LinkedHashMap<String, Object>();
        status.put("conditions", conditions);
        if (c.phase == Phase.READY) {
            status.put("nodeName", c.name);
            status.put("capacity", stringValues(pools.get(c.pool).capacity()));
        }
        current.getAdditionalProperties().put("status", status);
        client.updateStatus(current);
    }

    private GenericKubernetesResource claimObject(Claim c, SandboxNodePool pool) {
        var spec = new LinkedHashMap<String, Object>();
        spec.put("nodeClassRef", Map.of("group", "karpenter.k8s.aws", "kind", "EC2NodeClass", "name", "default"));
        spec.put("requirements", List.of(Map.of("key", "node.kubernetes.io/instance-type", "operator", "In",
                "values", List.of(pool.instanceType()))));
        spec.put("resources", Map.of("requests", stringValues(pool.capacity())));
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodeClaim")
                .withNewMetadata().withName(c.name).addToLabels("karpenter.sh/nodepool", pool.name())
                .addToAnnotations(SandboxAutoscaler.CREATED_AT, c.createdAt.toString())
                .addToLabels("node.kubernetes.io/instance-type", pool.instanceType()).endMetadata()
                .withAdditionalProperties(new HashMap<>(Map.of("spec", spec)))
                .build();
    }

    private static Map<String, String> stringValues(Map<String, BigDecimal> m) {
        var out = new LinkedHashMap<String, String>();
        m.forEach((k, v) -> out.put(k, v.stripTrailingZeros().toPlainString()));
        return out;
    }

    private Map<String, Object> cond(String type, String status, String reason) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", type);
        m.put("status", status);
        m.put("reason", reason);
        m.put("message", "");
        m.put("lastTransitionTime", clock.now().toString());
        return m;
    }

    /** The limits this Karpenter's cache shows now (tests wait on it rather than sleep). */
    synchronized Map<String, BigDecimal> cachedLimits(String pool) {
        var spec = readPools().get(pool);
        return spec == null ? Map.of() : spec.limits();
    }

    /** Claims that exist now, for tests and the report. */
    synchronized List<String> claimNames() {
        return new ArrayList<>(claims.keySet());
    }
}
