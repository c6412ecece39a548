package io.skaler.kube;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One namespaced kind (NodeSets, pods, Controllers, RestApis) watched in each namespace of the settings, or in all of
 * them with one informer ({@code "*"}): the view reads them as one store. Keys of the informers are the namespace, or
 * {@code "*"}.
 */
final class NamespacedInformers<T> {
    private final Map<String, SharedIndexInformer<T>> byNamespace = new LinkedHashMap<>();

    /** Builds one informer per namespace of {@code settings} with {@code build} (called with the namespace). */
    NamespacedInformers(KubeViewSettings settings, Function<String, SharedIndexInformer<T>> build) {
        settings.namespaces().forEach(ns -> byNamespace.put(ns, build.apply(ns)));
    }

    Map<String, SharedIndexInformer<T>> informers() {
        return byNamespace;
    }

    /** Every cached object of every watched namespace. */
    List<T> list() {
        if (byNamespace.size() == 1) {
            return byNamespace.values().iterator().next().getStore().list();
        }
        List<T> out = new ArrayList<>();
        byNamespace.values().forEach(i -> out.addAll(i.getStore().list()));
        return out;
    }

    /** The cached object {@code namespace/name}, from the informer that watches that namespace. */
    Optional<T> get(String namespace, String name) {
        var informer = byNamespace.getOrDefault(namespace, byNamespace.get(KubeViewSettings.ALL_NAMESPACES));
        return informer == null ? Optional.empty()
                : Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }
}
