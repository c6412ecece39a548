package io.skaler.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.skaler.model.NamespaceCoverage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The {@link KubeView}'s informers by name, and what each one's failures mean: a LIST answered 404 is a CRD not
 * installed ({@link #OPTIONAL} kinds count as empty, others keep the view stale), a namespaced LIST answered 403 is a
 * namespace RBAC does not grant (left out of the {@link #coverage()}), anything else is a broken watch that keeps the
 * view stale until the informer re-lists. Every watch event is passed on to the change listeners.
 */
final class InformerSet {
    // the view's log category, as before the split, so log settings keep applying
    private static final Logger LOG = Logger.getLogger(KubeView.class);

    /** Watched kinds a cluster may lack; their absence is reported, not a stale view. */
    static final Set<String> OPTIONAL = Set.of("controllers", "restapis", "nodepools", "nodeclaims");

    private final KubeViewSettings settings;
    private final Map<String, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    /** Informer name -> the resource its LIST got 404 for, until it syncs. */
    private final Map<String, String> missing = new ConcurrentHashMap<>();
    /** Informer name -> its namespace, for the namespaced kinds ("kind@namespace"). */
    private final Map<String, String> namespaceOf = new ConcurrentHashMap<>();
    /** Informer name -> the API server's 403 answer to its LIST, until it syncs. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

    InformerSet(KubeViewSettings settings) {
        this.settings = settings;
    }

    boolean isEmpty() {
        return informers.isEmpty();
    }

    /** A namespaced kind's informer in one namespace (or all): named "kind@namespace"; its 403 is the namespace's. */
    <T> SharedIndexInformer<T> register(String kind, String namespace, String resource,
            SharedIndexInformer<T> informer) {
        String name = kind + "@" + namespace;
        if (!namespace.equals(KubeViewSettings.ALL_NAMESPACES)) {
            namespaceOf.put(name, namespace);
        }
        return register(name, resource, informer);
    }

    <T> SharedIndexInformer<T> register(String name, String resource, SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                fireChange(name);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                fireChange(name);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                fireChange(name);
            }
        });
        informer.exceptionHandler((started, t) -> {
            if (notFound(t) && !informer.hasSynced()) {
                if (missing.put(name, resource) == null) {
                    LOG.warnf("%s is not served by the API server (CRD not installed?): %s", resource,
                            OPTIONAL.contains(name) ? "treated as absent until it appears"
                                    : "the view stays stale until it appears");
                }
                return true; // keep listing: once the CRD is installed the informer syncs
            }
            if (status(t) == 403 && !informer.hasSynced() && namespaceOf.containsKey(name)) {
                if (refused.put(name, t.getMessage() == null ? "403 Forbidden" : firstLine(t)) == null) {
                    LOG.warnf("%s in namespace %s: the API server refuses to list it (403; RBAC does not grant it):"
                            + " NodeSets there are not acted on until it does", resource, namespaceOf.get(name));
                }
                return true; // keep listing: once RBAC grants it the informer syncs
            }
            LOG.warnf("watch of %s failed (%s); the view is stale until it re-lists", name, t.getMessage());
            return true; // keep retrying: a watch that comes back re-lists and the view becomes fresh again
        });
        informers.put(name, informer);
        return informer;
    }

    /** Starts every informer without waiting. */
    void start() {
        informers.forEach((name, informer) -> informer.start().whenComplete((ok, err) -> {
            if (err != null) {
                LOG.warnf("informer %s failed to start: %s", name, err.getMessage());
            }
        }));
    }

    void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    /** A 404 anywhere in the cause chain (the informer wraps the LIST's failure). */
    private static boolean notFound(Throwable t) {
        return status(t) == 404;
    }

    /** The HTTP status of the first API error in the cause chain, or 0. */
    private static int status(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getCode() > 0) {
                return k.getCode();
            }
        }
        return 0;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    /** Why the view must not be used now, or empty when every informer has synced and is watching. */
    Optional<String> staleReason() {
        if (informers.isEmpty()) {
            return Optional.of("kubernetes view not started");
        }
        List<String> problems = new ArrayList<>();
        informers.forEach((name, informer) -> {
            if (informer.hasSynced()) {
                missing.remove(name);
                refused.remove(name);
            }
            if (informer.stopped().toCompletableFuture().isDone()) {
                problems.add(name + " informer stopped");
            } else if (!informer.hasSynced() && refused.containsKey(name)) {
                return; // its namespace is out of the coverage: reported there, NodeSets elsewhere still served
            } else if (!informer.hasSynced() && missing.containsKey(name)) {
                if (!OPTIONAL.contains(kindOf(name))) {
                    problems.add(missing.get(name) + " not installed (the API server answers 404)");
                }
            } else if (!informer.hasSynced()) {
                problems.add(name + " not synced yet");
            } else if (!informer.isWatching()) {
                problems.add(name + " watch broken, not resynced");
            }
        });
        // a missing CRD fails each namespace's informer of its kind alike: say it once
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems.stream().distinct()
                .toList()));
    }

    /** Resources skaler watches that the API server does not serve (CRD not installed), sorted. */
    List<String> missingResources() {
        return missing.entrySet().stream().filter(e -> !informers.containsKey(e.getKey())
                || !informers.get(e.getKey()).hasSynced()).map(Map.Entry::getValue).distinct().sorted().toList();
    }

    /** The namespaces the view sees: those of the settings (or all), less those whose LIST was refused. */
    NamespaceCoverage coverage() {
        Map<String, String> refusedNamespaces = new java.util.TreeMap<>();
        refused.forEach((informer, why) -> {
            var i = informers.get(informer);
            if (i == null || !i.hasSynced()) {
                refusedNamespaces.putIfAbsent(namespaceOf.get(informer), why);
            }
        });
        return settings.everyNamespace() ? new NamespaceCoverage(true, Set.of(), refusedNamespaces)
                : new NamespaceCoverage(false, Set.copyOf(settings.namespaces()), refusedNamespaces);
    }

    /** Watched resources by kind (one kind in several namespaces counts once), for reporting which exist. */
    Map<String, Boolean> resourcesPresent() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        informers.keySet().forEach(n -> out.merge(kindOf(n), !missing.containsKey(n) || informers.get(n).hasSynced(),
                Boolean::logicalAnd));
        return out;
    }

    private static String kindOf(String informer) {
        int at = informer.indexOf('@');
        return at < 0 ? informer : informer.substring(0, at);
    }

    /** Calls {@code listener} with the informer's name on every watch event. */
    void onChange(Consumer<String> listener) {
        changeListeners.add(listener);
    }

    private void fireChange(String informer) {
        for (var l : changeListeners) {
            try {
                l.accept(informer);
            } catch (RuntimeException e) {
                LOG.warnf("change listener failed: %s", e.toString());
            }
        }
    }
}
