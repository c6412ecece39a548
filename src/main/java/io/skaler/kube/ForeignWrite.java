package io.skaler.kube;

import java.time.Instant;

/**
 * A write by another field manager (Helm, Argo CD, Flux, kubectl, an HPA) to a field skaler sets, found in the
 * object's {@code metadata.managedFields} after skaler's own write ({@link FieldOwnership}).
 *
 * @param kind      NodeSet or NodePool
 * @param object    namespace/name, or the name of a cluster-scoped object
 * @param field     the field below {@code spec} ({@code replicas}, {@code limits})
 * @param operation the entry's operation ({@code Update}, {@code Apply}), and its subresource if any
 * @param at        the time the API server recorded for that manager's last change (to the second)
 */
public record ForeignWrite(String kind, String object, String field, String manager, String operation, Instant at) {

    public String describe() {
        return kind + " " + object + ": spec." + field + " was written by " + manager + " (" + operation + " at " + at
                + ") after skaler's last write, and skaler no longer owns it";
    }
}
