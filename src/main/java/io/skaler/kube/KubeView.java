package io.skaler.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skaler.model.KubeSnapshot;
import io.skaler.model.NamespaceCoverage;
import io.skaler.model.NodeClaimState;
import io.skaler.model.NodePoolState;
import io.skaler.model.NodeSetState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Kubernetes as skaler's informers see it. One watch per kind (NodeSets, their pods, Controllers, RestApis, NodePools,
 * NodeClaims, Nodes, the policy ConfigMap); after the first LIST every change arrives by watch, nothing is polled.
 * The namespaced kinds are watched in each namespace of the settings (or in all with one informer, {@code "*"}); a
 * namespace whose LIST the API server refuses (403: RBAC does not grant it) is left out of {@link #coverage()} rather
 * than making the whole view stale, so NodeSets elsewhere are still served and those there are known to be unseen.
 * A snapshot is handed out only when every informer has synced and is watching: a broken watch makes the view
 * {@link ViewResult.Stale} until the informer has re-listed and watches again, so nobody acts on a partial view.
 * A kind the API server does not serve at all (404 on its LIST: the CRD is not installed) is another matter: nothing of
 * it exists, so the view is not partial. Karpenter's NodePool/NodeClaim and Slinky's Controller/RestApi may be absent
 * ({@link InformerSet#OPTIONAL}): they count as empty (scale-in then holds, as no Controller says the operator can
 * drain) and {@link #missingResources()} names them. Without the NodeSet CRD the view stays stale and says why.
 * The informers and what their failures mean live in {@link InformerSet}; the executor reads the caches through the
 * package-private queries at the end of this class.
 */
public final class KubeView implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubeView.class);

    private final KubernetesClient client;
    private final KubeViewSettings settings;
    private final Clock clock;
    private final InformerSet informers;
    private final List<Consumer<Optional<PolicyText>>> policyListeners = new CopyOnWriteArrayList<>();
    private NamespacedInformers<GenericKubernetesResource> nodeSets;
    private NamespacedInformers<Pod> pods;
    private NamespacedInformers<GenericKubernetesResource> controllers;
    private NamespacedInformers<GenericKubernetesResource> restApis;
    private SharedIndexInformer<GenericKubernetesResource> nodePools;
    private SharedIndexInformer<GenericKubernetesResource> nodeClaims;
    private SharedIndexInformer<Node> nodes;
    private LaunchFailureLog launchFailures;

    public KubeView(KubernetesClient client, KubeViewSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.informers = new InformerSet(settings);
    }

    /** Starts every informer without waiting; {@link #snapshot()} stays stale until all have synced. */
    public synchronized void start() {
        if (!informers.isEmpty()) {
            return;
        }
        nodeSets = new NamespacedInformers<>(settings, ns -> informers.register("nodesets", ns, "nodesets."
                + KubeNames.SLINKY_GROUP + "/" + settings.nodeSetVersion(), scoped(client.genericKubernetesResources(
                        KubeResources.nodeSets(settings.nodeSetVersion())), ns).runnableInformer(0)));
        pods = new NamespacedInformers<>(settings, ns -> {
            var podOps = scoped(client.pods(), ns);
            return informers.register("pods", ns, "pods/v1", settings.podLabels().isEmpty() ? podOps.runnableInformer(0)
                    : podOps.withLabels(settings.podLabels()).runnableInformer(0));
        });
        // Slinky serves all its kinds in one version: the Controller and RestApi are read in the NodeSet's.
        controllers = new NamespacedInformers<>(settings, ns -> informers.register("controllers", ns, "controllers."
                + KubeNames.SLINKY_GROUP + "/" + settings.nodeSetVersion(), scoped(client.genericKubernetesResources(
                        KubeResources.controllers(settings.nodeSetVersion())), ns).runnableInformer(0)));
        restApis = new NamespacedInformers<>(settings, ns -> informers.register("restapis", ns, "restapis."
                + KubeNames.SLINKY_GROUP + "/" + settings.nodeSetVersion(), scoped(client.genericKubernetesResources(
                        KubeResources.restApis(settings.nodeSetVersion())), ns).runnableInformer(0)));
        nodePools = informers.register("nodepools", "nodepools." + KubeNames.KARPENTER_GROUP + "/v1",
                client.genericKubernetesResources(KubeResources.NODEPOOLS).runnableInformer(0));
        nodeClaims = informers.register("nodeclaims", "nodeclaims." + KubeNames.KARPENTER_GROUP + "/v1",
                client.genericKubernetesResources(KubeResources.NODECLAIMS).runnableInformer(0));
        launchFailures = new LaunchFailureLog(clock, this::staticReplicasOf, this::claimsLeftOf);
        nodeClaims.addEventHandler(launchFailures);
        nodes = informers.register("nodes", "nodes/v1", client.nodes().runnableInformer(0));
        SharedIndexInformer<ConfigMap> policy = informers.register("policy-configmap", "configmaps/v1",
                client.configMaps().inNamespace(settings.policyNamespace())
                        .withName(settings.policyConfigMap()).runnableInformer(0));
        policy.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                firePolicy(textOf(cm));
            }

            @Override
            public void onUpdate(ConfigMap oldCm, ConfigMap newCm) {
                firePolicy(textOf(newCm));
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknownFinalState) {
                firePolicy(Optional.empty());
            }
        });
        informers.start();
    }

    /** The operations of a namespaced kind in {@code namespace}, or in all namespaces for {@code "*"}. */
    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata, L,
            R extends io.fabric8.kubernetes.client.dsl.Resource<T>>
            io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<T, L, ? extends
                    io.fabric8.kubernetes.client.dsl.Resource<T>> scoped(
            io.fabric8.kubernetes.client.dsl.MixedOperation<T, L, R> ops, String namespace) {
        return namespace.equals(KubeViewSettings.ALL_NAMESPACES) ? ops.inAnyNamespace() : ops.inNamespace(namespace);
    }

    /** Kubernetes' part of a cycle's snapshot, or why there is none (an informer broken or not yet synced). */
    public ViewResult snapshot() {
        Optional<String> stale = staleReason();
        if (stale.isPresent()) {
            return new ViewResult.Stale(stale.get());
        }
        var now = clock.instant();
        List<String> problems = new ArrayList<>();
        List<NodeSetState> sets = KubeObjectsFile.nodeSetStates(nodeSets.list(), pods.list(), now, problems::add);
        List<NodePoolState> pools = new ArrayList<>();
        for (GenericKubernetesResource np : nodePools.getStore().list()) {
            try {
                pools.add(KubeMapping.nodePool(np));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        List<NodeClaimState> failed = launchFailures.recent(now);
        Set<String> failedNames = failed.stream().map(NodeClaimState::name).collect(Collectors.toSet());
        List<NodeClaimState> claims = java.util.stream.Stream.concat(failed.stream(), nodeClaims.getStore().list()
                        .stream().filter(nc -> !failedNames.contains(nc.getMetadata().getName()))
                        .map(nc -> KubeMapping.nodeClaim(nc, now)))
                .sorted(Comparator.comparing(NodeClaimState::name)).toList();
        pools.sort(Comparator.comparing(NodePoolState::name));
        problems.forEach(p -> LOG.warnf("left out of the snapshot: %s", p));
        return new ViewResult.Fresh(new KubeSnapshot(sets, pools, claims, now, coverage()), problems);
    }

    private static Optional<PolicyText> textOf(ConfigMap cm) {
        String text = cm.getData() == null ? null : cm.getData().get(KubeNames.POLICY_KEY);
        return text == null ? Optional.empty() : Optional.of(new PolicyText(
                cm.getMetadata().getNamespace(), cm.getMetadata().getName(), text,
                cm.getMetadata().getResourceVersion()));
    }

    /** Why the view must not be used now, or empty when every informer has synced and is watching. */
    public Optional<String> staleReason() {
        return informers.staleReason();
    }

    /** Resources skaler watches that the API server does not serve (CRD not installed), sorted. */
    public List<String> missingResources() {
        return informers.missingResources();
    }

    /** The namespaces this view sees: those of the settings (or all), less those whose LIST was refused. */
    public NamespaceCoverage coverage() {
        return informers.coverage();
    }

    /** Watched resources by kind (one kind in several namespaces counts once), for reporting which exist. */
    Map<String, Boolean> resourcesPresent() {
        return informers.resourcesPresent();
    }

    /** Calls {@code listener} with the informer's name on every watch event (the loop batches them into cycles). */
    public void onChange(Consumer<String> listener) {
        informers.onChange(listener);
    }

    /**
     * Calls {@code listener}, on the informer's thread, with the new text (or empty when the ConfigMap or its key went
     * away) on every change; the value comes from the event itself, so a listener never sees an older text than the
     * event's.
     */
    public void onPolicyText(Consumer<Optional<PolicyText>> listener) {
        policyListeners.add(listener);
    }

    private void firePolicy(Optional<PolicyText> text) {
        for (var l : policyListeners) {
            try {
                l.accept(text);
            } catch (RuntimeException e) {
                LOG.warnf("policy listener failed: %s", e.getMessage());
            }
        }
    }

    // Read access to the caches for the executor: it never LISTs the API server itself.

    /**
     * Pods of the NodeSets named {@code nodeSetName} in any watched namespace. Where that name is used in more than
     * one namespace this mixes their pods: {@link PlanExecutor} does not act on such a NodeSet (see
     * {@link #namespacesNaming(String)}); {@link #podsOf(String, String)} is exact.
     */
    List<Pod> podsOf(String nodeSetName) {
        Set<String> names = nodeSets.list().stream()
                .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        return pods.list().stream()
                .filter(p -> KubeMapping.owningNodeSet(p, names).map(nodeSetName::equals).orElse(false))
                .toList();
    }

    /** Pods of the NodeSet {@code namespace/nodeSetName}. */
    List<Pod> podsOf(String namespace, String nodeSetName) {
        return podsOf(nodeSetName).stream().filter(p -> namespace.equals(p.getMetadata().getNamespace())).toList();
    }

    /** The watched namespaces holding a NodeSet called {@code name}, sorted. */
    List<String> namespacesNaming(String name) {
        return nodeSets.list().stream().filter(n -> name.equals(n.getMetadata().getName()))
                .map(n -> n.getMetadata().getNamespace()).distinct().sorted().toList();
    }

    /** The NodeSet as its watch last saw it (empty when unseen). */
    Optional<GenericKubernetesResource> nodeSet(String namespace, String name) {
        return nodeSets.get(namespace, name);
    }

    /**
     * The Controller called {@code name} in the one watched namespace that has one; empty when none has, or when
     * several do (the caller cannot say which: scale-in then holds, as for a missing Controller).
     */
    Optional<GenericKubernetesResource> controller(String name) {
        var found = controllers.list().stream().filter(c -> name.equals(c.getMetadata().getName())).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    Optional<GenericKubernetesResource> controller(String namespace, String name) {
        return controllers.get(namespace, name);
    }

    List<GenericKubernetesResource> restApis() {
        return restApis.list();
    }

    Optional<GenericKubernetesResource> nodePool(String name) {
        return Optional.ofNullable(nodePools.getStore().getByKey(name));
    }

    private java.util.OptionalLong staticReplicasOf(String pool) {
        return nodePool(pool).flatMap(np -> Fields.longAt(np, "spec", "replicas"))
                .map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
    }

    private long claimsLeftOf(String pool) {
        return nodeClaims.getStore().list().stream().filter(nc -> nc.getMetadata().getDeletionTimestamp() == null)
                .filter(nc -> pool.equals(KarpenterMapping.poolOf(nc))).count();
    }

    List<GenericKubernetesResource> nodeClaims() {
        return nodeClaims.getStore().list();
    }

    List<Node> nodes() {
        return nodes.getStore().list();
    }

    List<Pod> allPods() {
        return pods.list();
    }

    String nodeSetVersion() {
        return settings.nodeSetVersion();
    }

    @Override
    public synchronized void close() {
        informers.stop();
    }
}
