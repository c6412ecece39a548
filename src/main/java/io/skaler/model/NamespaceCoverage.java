package io.skaler.model;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which namespaces skaler's view can see: every namespace (the chart grants a ClusterRole) or those listed (Roles in
 * each), less those whose LIST the API server refused (403: RBAC does not grant it). A NodeSet outside the coverage is
 * not "gone": skaler cannot see it, so nothing is decided for it.
 *
 * @param everywhere true when the view watches all namespaces
 * @param watched    the namespaces watched when not {@code everywhere}
 * @param refused    namespace -> why it cannot be read (the API server's answer), though asked for
 */
public record NamespaceCoverage(boolean everywhere, Set<String> watched, Map<String, String> refused) {
    public static final NamespaceCoverage ALL = new NamespaceCoverage(true, Set.of(), Map.of());

    public NamespaceCoverage {
        watched = Set.copyOf(new TreeSet<>(watched));
        refused = Map.copyOf(new TreeMap<>(refused));
    }

    public static NamespaceCoverage of(Set<String> watched) {
        return new NamespaceCoverage(false, watched, Map.of());
    }

    /** Why skaler cannot see {@code namespace}, or empty when it can. */
    public Optional<String> gap(String namespace) {
        if (refused.containsKey(namespace)) {
            return Optional.of("namespace " + namespace + " is watched but the API server refuses to list it ("
                    + refused.get(namespace) + "): grant skaler's Role there (chart value rbac.slurmNamespaces)");
        }
        if (everywhere || watched.contains(namespace)) {
            return Optional.empty();
        }
        return Optional.of("namespace " + namespace + " is not watched (skaler watches " + new TreeSet<>(watched)
                + "): add it to the chart value rbac.slurmNamespaces (skaler.kube.namespaces)");
    }
}
